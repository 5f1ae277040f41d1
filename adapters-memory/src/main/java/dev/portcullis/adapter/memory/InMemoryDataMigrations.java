package dev.portcullis.adapter.memory;

import dev.portcullis.application.shared.port.out.DataMigrations;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A process starts with nothing stored, so there is never anything to migrate: every migration counts as done once asked. */
public final class InMemoryDataMigrations implements DataMigrations {
  private final Set<String> done = ConcurrentHashMap.newKeySet();

  @Override
  public boolean done(String name) {
    return done.contains(name);
  }

  @Override
  public void markDone(String name) {
    done.add(name);
  }
}
