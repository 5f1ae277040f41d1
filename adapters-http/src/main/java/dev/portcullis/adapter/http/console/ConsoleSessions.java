package dev.portcullis.adapter.http.console;

import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.SecretBytes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's sessions, held by this node: the credential an operator signed in with stays here and
 * never reaches the browser, which holds only an opaque, random session id in an {@code HttpOnly} cookie.
 * A session ends at sign-out, after {@link #IDLE} without a request, or {@link #ABSOLUTE} after sign-in,
 * whichever comes first. Bounded so that signing in cannot push others out: one principal (the admin, one
 * API key, one client — however many tokens it mints) holds at most {@link #MAX_PER_PRINCIPAL} sessions, its
 * least recently used going first; beyond {@link #MAX_SESSIONS} in all, the least recently used session goes.
 * The map is keyed by the SHA-256 of the id, so a heap dump does not hand out live cookies.
 */
@Singleton
public final class ConsoleSessions {
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration ABSOLUTE = Duration.ofHours(8);
  static final int MAX_SESSIONS = 10_000;
  static final int MAX_PER_PRINCIPAL = 20;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final InstantSource clock;
  /** In access order: the first entry is the least recently used. */
  private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

  @Inject
  public ConsoleSessions(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * A signed-in operator: either the credential the console's API calls carry (signed in with a token), or
   * the principal they act as (signed in through the upstream provider: there is no credential to carry);
   * and the token that guards its changes.
   */
  public static final class Session {
    private final SecretBytes credential;
    private final Principal operator;
    private final String principal;
    private final String csrf;
    private final Instant started;
    private Instant lastSeen;

    private Session(SecretBytes credential, Principal operator, String principal, String csrf, Instant started) {
      this.credential = credential;
      this.operator = operator;
      this.principal = principal;
      this.csrf = csrf;
      this.started = started;
      this.lastSeen = started;
    }

    /** The credential of a session opened with a token; empty for an operator signed in through the provider. */
    public Optional<SecretBytes> credential() {
      return Optional.ofNullable(credential);
    }

    /** The principal of an operator signed in through the provider; empty for a session opened with a token. */
    public Optional<Principal> operator() {
      return Optional.ofNullable(operator);
    }

    /** The synchronizer token the console sends back in {@code X-CSRF-Token} with every change. */
    public String csrf() {
      return csrf;
    }

    /** Whether {@code candidate} is this session's CSRF token (constant time). */
    public boolean csrfMatches(String candidate) {
      return candidate != null && MessageDigest.isEqual(csrf.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Instant expiresAt() {
      Instant idle = lastSeen.plus(IDLE);
      Instant absolute = started.plus(ABSOLUTE);
      return idle.isBefore(absolute) ? idle : absolute;
    }
  }

  /**
   * A new session for {@code credential}, which authenticated as {@code principal} (its audit name:
   * {@code admin}, {@code api-key:<id>}, ...), and its id (the cookie's value).
   */
  public synchronized Map.Entry<String, Session> open(SecretBytes credential, String principal) {
    return add(new Session(credential, null, principal, random(), clock.instant()));
  }

  /** A new session of an operator signed in through the upstream provider, acting as {@code operator}. */
  public synchronized Map.Entry<String, Session> open(Principal operator) {
    return add(new Session(null, operator, operator.credential() + "/" + operator.subject(), random(), clock.instant()));
  }

  private Map.Entry<String, Session> add(Session session) {
    java.util.List<String> own = sessions.entrySet().stream().filter(e -> e.getValue().principal.equals(session.principal)).map(Map.Entry::getKey).toList();
    for (int i = 0; i <= own.size() - MAX_PER_PRINCIPAL; i++) {
      forget(own.get(i));
    }
    String id = random();
    sessions.put(digest(id), session);
    while (sessions.size() > MAX_SESSIONS) {
      forget(sessions.keySet().iterator().next()); // the least recently used
    }
    return Map.entry(id, session);
  }

  private void forget(String key) {
    Session gone = sessions.remove(key);
    if (gone != null && gone.credential != null) {
      gone.credential.destroy();
    }
  }

  /** A sign-in through the provider in progress: what to check the provider's answer against, bound to the browser that started it. */
  public record PendingSignIn(String verifier, String nonce, String browserBinding, Instant expiresAt) {
    @Override
    public String toString() {
      return "PendingSignIn[" + expiresAt + "]";
    }
  }

  static final Duration PENDING_TTL = Duration.ofMinutes(10);
  static final int MAX_PENDING = 10_000;
  /** In insertion order, so the first entry is the oldest (and, all having one lifetime, the first to expire). */
  private final Map<String, PendingSignIn> pending = new LinkedHashMap<>();

  /**
   * Keeps a sign-in in progress under its state and returns the browser binding to put in a cookie. Expired
   * ones go first; beyond {@link #MAX_PENDING} the oldest goes (its browser starts again).
   */
  public synchronized String begin(String state, String verifier, String nonce) {
    Instant now = clock.instant();
    for (var oldest = pending.values().iterator(); oldest.hasNext(); ) {
      if (now.isBefore(oldest.next().expiresAt())) {
        break;
      }
      oldest.remove();
    }
    String binding = random();
    pending.put(digest(state), new PendingSignIn(verifier, nonce, binding, now.plus(PENDING_TTL)));
    while (pending.size() > MAX_PENDING) {
      pending.remove(pending.keySet().iterator().next());
    }
    return binding;
  }

  /**
   * Takes the sign-in of {@code state} (single use) when it is unexpired and {@code browserBinding} is the one
   * it was bound to. A request without that binding takes nothing: a stranger who learned a state cannot spend it.
   */
  public synchronized Optional<PendingSignIn> take(String state, String browserBinding) {
    if (state == null || state.length() > 200 || browserBinding == null) {
      return Optional.empty();
    }
    String key = digest(state);
    PendingSignIn found = pending.get(key);
    if (found == null || !MessageDigest.isEqual(found.browserBinding().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        browserBinding.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    pending.remove(key);
    return clock.instant().isBefore(found.expiresAt()) ? Optional.of(found) : Optional.empty();
  }

  /** The live session of {@code id}, its idle clock restarted; empty (and forgotten) when it expired. */
  public synchronized Optional<Session> find(String id) {
    if (id == null || id.isEmpty() || id.length() > 100) {
      return Optional.empty();
    }
    String key = digest(id);
    Session session = sessions.get(key);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!now.isBefore(session.expiresAt())) {
      forget(key);
      return Optional.empty();
    }
    session.lastSeen = now;
    return Optional.of(session);
  }

  public synchronized void close(String id) {
    if (id != null && id.length() <= 100) {
      forget(digest(id));
    }
  }

  synchronized int size() {
    return sessions.size();
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String digest(String id) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
