package dev.portcullis.application.health.port.in;

/** Whether this node should receive traffic: every configured dependency answers. */
public interface CheckReadiness {
  ReadinessReport check();
}
