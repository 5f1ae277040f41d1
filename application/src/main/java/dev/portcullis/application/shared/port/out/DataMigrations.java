package dev.portcullis.application.shared.port.out;

/** One-time data migrations that need the application (re-sealing under a new binding): which ran to completion. */
public interface DataMigrations {
  boolean done(String name);

  void markDone(String name);
}
