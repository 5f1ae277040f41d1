package dev.portcullis.application.health.port.in;

/**
 * Whether this node should receive traffic: every required dependency answers and the node is not
 * draining. Answers within about {@link dev.portcullis.application.health.port.out.DependencyProbe#BUDGET}
 * even when every dependency hangs.
 */
public interface CheckReadiness {
  ReadinessReport check();
}
