/**
 * Feed scripts
 *
 * Lua scripts that make each feed change atomic in Redis: a push lands only in a feed that exists
 * (ready or building), a rebuild completes only if nothing invalidated it, and metadata changes
 * only on a ready feed. Each script touches the keys of one user (one cluster slot, see
 * redis-layout.ts), all passed in KEYS; the state encoding comes from FEED_STATE_LUA.
 */
import { FEED_STATE_LUA } from '../redis-layout';

const NOW_MS = `
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
`;

/**
 * KEYS: (state, items, unfollow marks) per feed. ARGV: score, member, capacity, author id. The hot
 * path of fan-out, so one call takes a batch of feeds (on a cluster, one feed: one slot a call): a feed
 * that does not exist, or whose user unfollowed the author moments ago, is skipped, and the items'
 * expiry is set only when this push created them.
 */
export const PUSH = `${NOW_MS}
local score, member, capacity, author = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local now = nil
for i = 1, #KEYS, 3 do
  local state, items, marks = KEYS[i], KEYS[i + 1], KEYS[i + 2]
  local skip = redis.call('EXISTS', state) == 0
  if not skip then
    local mark = redis.call('HGET', marks, author)
    if mark then
      now = now or now_ms()
      skip = tonumber(mark) > now
    end
  end
  if not skip then
    redis.call('ZADD', items, score, member)
    local size = redis.call('ZCARD', items)
    if size > capacity then
      redis.call('ZREMRANGEBYRANK', items, 0, size - capacity - 1)
    elseif size == 1 then
      local ttl = redis.call('PTTL', state)
      if ttl > 0 then redis.call('PEXPIRE', items, ttl) end
    end
  end
end
return 1`;

/** KEYS: state, items. ARGV: capacity, then score and member pairs. */
export const MERGE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 2, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[1])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1) end
if redis.call('PTTL', KEYS[2]) == -1 then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
return 1`;

/** KEYS: state, items. ARGV: token, ttl seconds, capacity, metadata, then score and member pairs. */
export const COMPLETE_BUILD = `${FEED_STATE_LUA}
if redis.call('GET', KEYS[1]) ~= building_state(ARGV[1]) then return 0 end
for i = 5, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1) end
redis.call('SET', KEYS[1], ready_state(ARGV[4]), 'EX', ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1`;

/** KEYS: state, items. ARGV: ttl seconds. Returns the metadata of a ready feed, or nil. */
export const READY_META = `${FEED_STATE_LUA}
local state = redis.call('GET', KEYS[1])
if not is_ready(state) then return false end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return meta_of(state)`;

/**
 * A feed's page. KEYS: state, items. ARGV: ttl seconds, limit, the cursor's score ('' for the
 * first page). Returns nil unless the feed is ready; else its metadata, its size, the items in the
 * cursor's millisecond and up to `limit` older ones, and keeps it from expiring. A home page is
 * this on the home feed, then (pipelined) on the recent feeds of the celebrities its metadata names.
 */
export const PAGE = `${FEED_STATE_LUA}
local state = redis.call('GET', KEYS[1])
if not is_ready(state) then return false end
local ttl, limit, score = ARGV[1], ARGV[2], ARGV[3]
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
local size = redis.call('ZCARD', KEYS[2])
if score == '' then
  return {meta_of(state), size, {}, redis.call('ZRANGE', KEYS[2], '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit)}
end
return {
  meta_of(state), size,
  redis.call('ZRANGE', KEYS[2], score, score, 'BYSCORE'),
  redis.call('ZRANGE', KEYS[2], '(' .. score, '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit),
}`;

/**
 * KEYS: the user's unfollow marks, home state, home items. ARGV: author id, '1' to add the author
 * to the metadata. Clears the author's unfollow mark; a feed still building may have read the
 * follows before this one: it is invalidated.
 */
export const FOLLOWED = `${FEED_STATE_LUA}
redis.call('HDEL', KEYS[1], ARGV[1])
if ARGV[2] ~= '1' then return 1 end
local state = redis.call('GET', KEYS[2])
if not state then return 1 end
if not is_ready(state) then
  redis.call('DEL', KEYS[2], KEYS[3])
  return 1
end
local list = meta_list(meta_of(state))
for _, id in ipairs(list) do if id == ARGV[1] then return 1 end end
table.insert(list, ARGV[1])
redis.call('SET', KEYS[2], ready_state(table.concat(list, ',')), 'KEEPTTL')
return 1`;

/**
 * KEYS: the user's unfollow marks, home state, home items. ARGV: author id, mark seconds,
 * capacity. Marks the unfollow (marks that have run out are dropped here, so the hash holds only
 * the last while's). A full feed may have trimmed older items of other authors, which removing
 * these would bring into view: it is invalidated instead, as is one still building.
 */
export const UNFOLLOWED = `${FEED_STATE_LUA}${NOW_MS}
local now = now_ms()
local marks = redis.call('HGETALL', KEYS[1])
for i = 1, #marks, 2 do
  if tonumber(marks[i + 1]) <= now then redis.call('HDEL', KEYS[1], marks[i]) end
end
redis.call('HSET', KEYS[1], ARGV[1], now + tonumber(ARGV[2]) * 1000)
redis.call('EXPIRE', KEYS[1], ARGV[2])
local state = redis.call('GET', KEYS[2])
if not state then return 1 end
if not is_ready(state) or redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[2], KEYS[3])
  return 1
end
local suffix = ':' .. ARGV[1]
for _, member in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  if string.sub(member, -#suffix) == suffix then redis.call('ZREM', KEYS[3], member) end
end
local kept = {}
for _, id in ipairs(meta_list(meta_of(state))) do if id ~= ARGV[1] then table.insert(kept, id) end end
redis.call('SET', KEYS[2], ready_state(table.concat(kept, ',')), 'KEEPTTL')
return 1`;

/**
 * KEYS: state, items. ARGV: member, capacity. Removes a deleted tweet; a full feed is invalidated
 * instead (see UNFOLLOWED: it may have trimmed what would then show).
 */
export const REMOVE = `
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
    redis.call('DEL', KEYS[1], KEYS[2])
  else
    redis.call('ZREM', KEYS[2], ARGV[1])
  end
end
return 1`;
