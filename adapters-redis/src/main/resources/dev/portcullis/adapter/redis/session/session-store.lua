-- The session store's atomic steps (RedisSessionStore). Each script starts at its "-- script: <name>" line.

-- script: save_capped
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
return 1

-- script: take
local value = redis.call('GET', KEYS[1])
if not value then return false end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return value

-- script: add_code
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[3], 'exp', ARGV[5], 'claimed', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
return 1

-- script: claim_code
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local data = redis.call('HGET', KEYS[1], 'data')
if redis.call('HGET', KEYS[1], 'claimed') == '1' then return {2, data} end
if tonumber(redis.call('HGET', KEYS[1], 'exp')) <= tonumber(ARGV[1]) then return {0} end
redis.call('HSET', KEYS[1], 'claimed', '1')
redis.call('ZREM', KEYS[2], ARGV[2])
return {1, data}

-- script: update_upstream
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'upstream', ARGV[1], 'upstream_exp', ARGV[2], 'upstream_at', ARGV[3])
return 1

-- script: end_session
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'ended') ~= '' then return 0 end
redis.call('HSET', KEYS[1], 'ended', ARGV[1])
for _, token in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', token) end
redis.call('DEL', KEYS[2])
return 1

-- script: lease
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local held = redis.call('HGET', KEYS[1], 'lease')
if held and held ~= '' and tonumber(held) > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'lease', ARGV[1])
return 1

-- script: add_refresh
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'exp', ARGV[2], 'rotated', '', 'successor', '')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], KEYS[1])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1

-- script: find_refresh
-- KEYS: the refresh token. ARGV: the session key prefix. The token's data and expiry with its session's
-- fields (HGETALL pairs) in one round trip, or nothing when the token is unknown or already rotated.
local rt = redis.call('HMGET', KEYS[1], 'data', 'exp', 'rotated')
if not rt[1] or rt[3] ~= '' then return false end
return {rt[1], rt[2], redis.call('HGETALL', ARGV[1] .. cjson.decode(rt[1]).session)}

-- script: rotate
-- KEYS: presented, successor. ARGV: now, successor exp, ttl, sealed successor, session key prefix, family key prefix,
-- the session's upstream_at the answer was minted against ('' for none).
-- {0}: unknown, expired or its session is over; {1, data, exp}: rotated (the successor joins the presented
-- token's session and client: its data is the presented token's); {2, data, exp, rotated at, sealed successor}:
-- rotated before; {3}: current, but the session's upstream tokens changed since the answer was minted.
-- One round trip: the token's own fields name its session and family.
local rt = redis.call('HMGET', KEYS[1], 'data', 'exp', 'rotated', 'successor')
if not rt[1] then return {0} end
local now = tonumber(ARGV[1])
if tonumber(rt[2]) <= now then return {0} end
local sid = cjson.decode(rt[1]).session
local session = redis.call('HMGET', ARGV[5] .. sid, 'ended', 'exp', 'upstream_at')
if not session[2] or session[1] ~= '' or tonumber(session[2]) <= now then return {0} end
if rt[3] ~= '' then return {2, rt[1], rt[2], rt[3], rt[4]} end
if session[3] ~= ARGV[7] then return {3} end
redis.call('HSET', KEYS[1], 'rotated', ARGV[1], 'successor', ARGV[4])
redis.call('HSET', KEYS[2], 'data', rt[1], 'exp', ARGV[2], 'rotated', '', 'successor', '')
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('SADD', ARGV[6] .. sid, KEYS[2])
return {1, rt[1], rt[2]}

-- script: purge_sessions
-- KEYS: the session expiry index. ARGV: now, the session key prefix, the family key prefix.
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 1000)
for _, id in ipairs(ids) do
  local family = ARGV[3] .. id
  for _, token in ipairs(redis.call('SMEMBERS', family)) do redis.call('DEL', token) end
  redis.call('DEL', family, ARGV[2] .. id)
  redis.call('ZREM', KEYS[1], id)
end
return #ids
