package dev.portcullis.adapter.redis.grant;

import dev.portcullis.adapter.redis.RedisKeys;

import dev.portcullis.application.grant.port.out.ReplayGuard;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * The replay guard on Redis, shared by every node. One Lua script makes check-and-set atomic; expiry
 * is judged by the caller's clock (the stored value is the expiry instant), and Redis's own TTL only
 * removes the key some time after it expired.
 */
public final class RedisReplayGuard implements ReplayGuard {
  private static final String CLAIM = """
      local existing = redis.call('GET', KEYS[1])
      if existing and tonumber(existing) > tonumber(ARGV[2]) then return 0 end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
      return 1""";
  private final RedisAPI redis;
  private final RedisKeys keys;

  @Inject
  public RedisReplayGuard(RedisAPI redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public boolean firstUse(String key, Instant expiresAt, Instant now) {
    long ttlMillis = Math.max(1_000, expiresAt.toEpochMilli() - now.toEpochMilli() + 60_000); // garbage collection only
    Response result = redis.eval(List.of(CLAIM, "1", keys.key("replay", key), Long.toString(expiresAt.toEpochMilli()),
        Long.toString(now.toEpochMilli()), Long.toString(ttlMillis))).await();
    return result.toInteger() == 1;
  }

  @Override
  public long purgeExpired(Instant now) {
    return 0; // Redis expires the keys itself
  }
}
