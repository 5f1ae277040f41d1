package dev.portcullis.bootstrap.session;

/** {@link SessionsStrictRefreshIT} with {@code PORTCULLIS_SESSION_STORE=redis}: the same race, decided by Redis's Lua scripts. */
class SessionsStrictRefreshRedisIT extends SessionsStrictRefreshIT {}
