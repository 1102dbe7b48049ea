/**
 * The Lua of {@link RedisEventStore}: each operation is one script, so the bounds and the
 * bookkeeping never disagree whatever nodes store at once. Keys (prefix P, one hash tag so a Redis
 * Cluster keeps them on one shard):
 *
 * - `P seq` — the store-wide event sequence (`INCR`);
 * - `P all` — every held event id, scored by sequence (oldest first, for the global bounds);
 * - `P at` — every held event id, scored by the time it was stored (for the age bound);
 * - `P ss:<session>` — one session's held event ids, scored by sequence;
 * - `P st:<stream>` — one stream's held sequences;
 * - `P data` — event id → message JSON; `P size` — event id → bytes;
 * - `P bytes` — byte totals: field `all` and `s:<session>`;
 * - `P dr:<stream>` — the sequence at or before which the stream's events may be gone (the
 *   in-memory store's `droppedUpTo`); it outlives the stream's events as its tombstone.
 *
 * Every key gets `PEXPIRE ttl` when written, so a deployment that goes quiet leaves nothing.
 */

const COMMON = `
local P = ARGV[1]
local now = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local function split(id)
  local sep = string.find(id, "#[^#]*$")
  local stream = string.sub(id, 1, sep - 1)
  local seq = tonumber(string.sub(id, sep + 1))
  local slash = string.find(stream, "/[^/]*$")
  local session = stream
  if slash then session = string.sub(stream, 1, slash - 1) end
  return stream, seq, session
end
local function bury(stream, seq)
  local key = P .. "dr:" .. stream
  local dropped = tonumber(redis.call("GET", key) or "-1")
  if seq > dropped then dropped = seq end
  redis.call("SET", key, dropped, "PX", ttl)
end
local function drop(id)
  local stream, seq, session = split(id)
  local size = tonumber(redis.call("HGET", P .. "size", id) or "0")
  redis.call("HDEL", P .. "size", id)
  redis.call("HDEL", P .. "data", id)
  redis.call("ZREM", P .. "all", id)
  redis.call("ZREM", P .. "at", id)
  redis.call("ZREM", P .. "ss:" .. session, id)
  redis.call("ZREM", P .. "st:" .. stream, seq)
  redis.call("HINCRBY", P .. "bytes", "all", -size)
  if redis.call("HINCRBY", P .. "bytes", "s:" .. session, -size) <= 0 then
    redis.call("HDEL", P .. "bytes", "s:" .. session)
  end
  bury(stream, seq)
end
local function expire()
  local old = redis.call("ZRANGEBYSCORE", P .. "at", "-inf", now - ttl, "LIMIT", 0, 512)
  for _, id in ipairs(old) do drop(id) end
end
`;

/** ARGV: prefix, now, ttl, streamId, json, maxEvents, maxBytes, maxEventsPerSession, maxBytesPerSession → event id. */
export const STORE_EVENT = `${COMMON}
local streamId = ARGV[4]
local json = ARGV[5]
local maxEvents, maxBytes = tonumber(ARGV[6]), tonumber(ARGV[7])
local maxSessionEvents, maxSessionBytes = tonumber(ARGV[8]), tonumber(ARGV[9])
expire()
local seq = redis.call("INCR", P .. "seq")
local id = streamId .. "#" .. seq
local _, _, session = split(id)
local streamKey = P .. "st:" .. streamId
if redis.call("EXISTS", streamKey) == 0 and redis.call("EXISTS", P .. "dr:" .. streamId) == 0 then
  redis.call("SET", P .. "dr:" .. streamId, seq - 1, "PX", ttl)
end
local size = string.len(json)
redis.call("HSET", P .. "data", id, json)
redis.call("HSET", P .. "size", id, size)
redis.call("ZADD", P .. "all", seq, id)
redis.call("ZADD", P .. "at", now, id)
redis.call("ZADD", P .. "ss:" .. session, seq, id)
redis.call("ZADD", streamKey, seq, seq)
redis.call("HINCRBY", P .. "bytes", "all", size)
redis.call("HINCRBY", P .. "bytes", "s:" .. session, size)
local sessionKey = P .. "ss:" .. session
while redis.call("ZCARD", sessionKey) > maxSessionEvents
  or tonumber(redis.call("HGET", P .. "bytes", "s:" .. session) or "0") > maxSessionBytes do
  local oldest = redis.call("ZRANGE", sessionKey, 0, 0)
  if #oldest == 0 then break end
  drop(oldest[1])
end
while redis.call("ZCARD", P .. "all") > maxEvents
  or tonumber(redis.call("HGET", P .. "bytes", "all") or "0") > maxBytes do
  local oldest = redis.call("ZRANGE", P .. "all", 0, 0)
  if #oldest == 0 then break end
  drop(oldest[1])
end
for _, key in ipairs({ streamKey, sessionKey, P .. "seq", P .. "all", P .. "at", P .. "data", P .. "size", P .. "bytes" }) do
  redis.call("PEXPIRE", key, ttl)
end
return id
`;

/** ARGV: prefix, now, ttl, streamId → nothing. Forgets a delivered stream, leaving its tombstone. */
export const STREAM_DELIVERED = `${COMMON}
local streamId = ARGV[4]
expire()
local seqs = redis.call("ZRANGE", P .. "st:" .. streamId, 0, -1)
for _, seq in ipairs(seqs) do drop(streamId .. "#" .. seq) end
return #seqs
`;

/**
 * ARGV: prefix, now, ttl, lastEventId → false when unknown or when events after it are gone, else
 * a flat list of sequence, JSON pairs after it.
 */
export const REPLAY_AFTER = `${COMMON}
local stream, seq = split(ARGV[4])
expire()
local dropped = redis.call("GET", P .. "dr:" .. stream)
local last = tonumber(redis.call("GET", P .. "seq") or "0")
if not dropped or seq == nil or seq < tonumber(dropped) or seq > last then return false end
local out = {}
for _, later in ipairs(redis.call("ZRANGEBYSCORE", P .. "st:" .. stream, "(" .. seq, "+inf")) do
  table.insert(out, later)
  table.insert(out, redis.call("HGET", P .. "data", stream .. "#" .. later))
end
return out
`;

/** ARGV: prefix, now, ttl, streamId → 1 when the stream is known (held events or tombstone). */
export const STREAM_KNOWN = `${COMMON}
expire()
return redis.call("EXISTS", P .. "dr:" .. ARGV[4])
`;
