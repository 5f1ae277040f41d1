package dev.portcullis.application.shared.port.out;

/**
 * Wakes the other nodes to read the {@link InvalidationLog} now instead of at their next interval (Redis
 * pub/sub). Only a hint: ringing never fails the caller and a lost ring costs one poll interval.
 */
public interface Doorbell extends AutoCloseable {
  /** A single process: nobody else to wake. */
  Doorbell NONE = new Doorbell() {
    @Override
    public void ring() {}

    @Override
    public void onRing(Runnable listener) {}
  };

  /** Best effort, never throws. */
  void ring();

  /** {@code listener} runs (off the caller's thread) whenever another node rang. */
  void onRing(Runnable listener);

  @Override
  default void close() {}
}
