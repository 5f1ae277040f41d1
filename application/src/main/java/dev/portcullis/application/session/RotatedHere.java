package dev.portcullis.application.session;

import dev.portcullis.application.session.port.out.SessionStore.CurrentRefresh;
import dev.portcullis.domain.session.RefreshToken;
import dev.portcullis.domain.session.Session;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The refresh tokens this node handed out as successors, with the session it read to mint them: when a
 * client presents its successor to the same node (a chain's next refresh), the node takes the token and the
 * session from here instead of reading them from the store again. Nothing here decides: the rotation is
 * still the store's atomic step, which checks the token (rotated before? expired?) and the session (ended?
 * expired? upstream tokens renewed since — {@code mintedAgainst}) itself. A stale entry costs a rotation
 * that finds nothing or a second attempt from the store, never a wrong answer.
 *
 * <p>Each entry is taken on its first presentation. At most {@link #CAPACITY} entries; the oldest go first.
 */
final class RotatedHere {
  /** Entries kept: a successor not presented within the last this-many rotations of the node is read from the store. */
  static final int CAPACITY = 10_000;
  private final Map<ByteBuffer, CurrentRefresh> successors = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteBuffer, CurrentRefresh> eldest) {
      return size() > CAPACITY;
    }
  };

  synchronized void remember(RefreshToken successor, Session session) {
    successors.put(ByteBuffer.wrap(successor.hash()), new CurrentRefresh(successor, session));
  }

  /** The successor with this hash and its session, removed from here, if this node handed it out and both are still current at {@code now}. */
  Optional<CurrentRefresh> take(byte[] hash, Instant now) {
    CurrentRefresh entry;
    synchronized (this) {
      entry = successors.remove(ByteBuffer.wrap(hash));
    }
    return Optional.ofNullable(entry).filter(e -> e.token().expiresAt().isAfter(now) && e.session().activeAt(now));
  }

  synchronized int size() {
    return successors.size();
  }
}
