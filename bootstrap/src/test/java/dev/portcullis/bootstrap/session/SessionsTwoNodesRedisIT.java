package dev.portcullis.bootstrap.session;

/** {@link SessionsTwoNodesIT} with {@code PORTCULLIS_SESSION_STORE=redis}: the same races, decided by Redis's Lua scripts. */
class SessionsTwoNodesRedisIT extends SessionsTwoNodesIT {}
