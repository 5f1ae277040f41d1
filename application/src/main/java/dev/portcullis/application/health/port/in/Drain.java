package dev.portcullis.application.health.port.in;

/**
 * The node is going away: from {@link #begin()} on, {@link CheckReadiness} answers
 * {@link ReadinessReport.State#DRAINING} at once, without probing anything, so load balancers stop
 * sending new traffic while the node still serves what reaches it.
 */
public interface Drain {
  void begin();

  boolean draining();
}
