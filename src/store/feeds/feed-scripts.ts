/**
 * Feed scripts
 *
 * Lua scripts that make each feed change atomic in Redis: a push lands only in a feed that exists
 * (ready or building), a rebuild completes only if nothing invalidated it, and metadata changes
 * only on a ready feed. Each script touches the keys of one user (one cluster slot, see
 * redis-layout.ts), all passed in KEYS; the state encoding comes from FEED_STATE_LUA.
 */
import { FEED_SCORE, FEED_STATE_LUA } from '../redis-layout';

const NOW_MS = `
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
`;

/**
 * Adds the members ARGV[first..last], oldest first, to a feed, keeping it to capacity. A listpack
 * insert is linear: it looks for the member through the whole feed, then for its place from the
 * newest on. So members go in oldest first, each landing at the head, many in one ZADD; and when
 * they do not all fit, the script merges them with the feed's in Lua and writes the newest anew,
 * rather than adding and trimming one at a time. The feed never holds more than capacity members,
 * and stays a listpack (see listpack-limit.ts: Redis never turns a skiplist back into one).
 */
const ADD_CAPPED = `
-- Whether member a is of an older tweet than member b: members are ids inverted, so the greater.
local function older(a, b)
  for i = 1, #a do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x > y end
  end
  return false
end
local function add_oldest_first(items, members)
  for from = 1, #members, 500 do
    local batch = {}
    for i = from, math.min(#members, from + 499) do
      batch[#batch + 1] = ${FEED_SCORE}
      batch[#batch + 1] = members[i]
    end
    redis.call('ZADD', items, unpack(batch))
  end
end
local function add_capped(items, capacity, first, last)
  local added = {}
  for i = first, last do added[#added + 1] = ARGV[i] end
  if #added == 0 then return end
  if redis.call('ZCARD', items) + #added <= capacity then return add_oldest_first(items, added) end
  local held = redis.call('ZRANGE', items, 0, -1)
  -- A full feed whose oldest is no older than the newest added: nothing added would stay.
  if #held >= capacity and not older(held[#held], added[#added]) then return end
  local kept, h, a = {}, 1, #added
  while #kept < capacity and (h <= #held or a >= 1) do
    if a < 1 or (h <= #held and not older(held[h], added[a])) then
      if a >= 1 and held[h] == added[a] then a = a - 1 end
      kept[#kept + 1] = held[h]
      h = h + 1
    else
      kept[#kept + 1] = added[a]
      a = a - 1
    end
  end
  local oldest_first = {}
  for i = #kept, 1, -1 do oldest_first[#oldest_first + 1] = kept[i] end
  redis.call('DEL', items)
  add_oldest_first(items, oldest_first)
end
`;

/**
 * KEYS: (state, items, unfollow marks) per feed. ARGV: member, capacity, author id. The hot
 * path of fan-out, so one call takes a batch of feeds (on a cluster, one feed: one slot a call): a feed
 * that does not exist, or whose user unfollowed the author moments ago, is skipped, and the items'
 * expiry is set only when this push created them.
 */
export const PUSH = `${NOW_MS}
local member, capacity, author = ARGV[1], tonumber(ARGV[2]), ARGV[3]
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
    redis.call('ZADD', items, ${FEED_SCORE}, member)
    local size = redis.call('ZCARD', items)
    if size > capacity then
      redis.call('ZREMRANGEBYRANK', items, capacity, -1)
    elseif size == 1 then
      local ttl = redis.call('PTTL', state)
      if ttl > 0 then redis.call('PEXPIRE', items, ttl) end
    end
  end
end
return 1`;

/** KEYS: state, items. ARGV: capacity, then members, oldest first. */
export const MERGE = `${ADD_CAPPED}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
add_capped(KEYS[2], tonumber(ARGV[1]), 2, #ARGV)
if redis.call('PTTL', KEYS[2]) == -1 then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
return 1`;

/** KEYS: state, items. ARGV: token, ttl seconds, capacity, metadata, then members, oldest first. */
export const COMPLETE_BUILD = `${FEED_STATE_LUA}${ADD_CAPPED}
if redis.call('GET', KEYS[1]) ~= building_state(ARGV[1]) then return 0 end
add_capped(KEYS[2], tonumber(ARGV[3]), 5, #ARGV)
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
 * A feed's page. KEYS: state, items. ARGV: ttl seconds, limit, where the page starts (see
 * `feedPageStart`). Returns nil unless the feed is ready; else its metadata, its size and up to
 * `limit` members from the start on, newest first, and keeps it from expiring. A home page is this
 * on the home feed, then (pipelined) on the recent feeds of the celebrities its metadata names.
 */
export const PAGE = `${FEED_STATE_LUA}
local state = redis.call('GET', KEYS[1])
if not is_ready(state) then return false end
local ttl, limit, start = ARGV[1], ARGV[2], ARGV[3]
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
return {meta_of(state), redis.call('ZCARD', KEYS[2]), redis.call('ZRANGE', KEYS[2], start, '+', 'BYLEX', 'LIMIT', 0, limit)}`;

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
 * KEYS: the user's unfollow marks, home state, home items. ARGV: author id, mark seconds. Marks the
 * unfollow (marks that have run out are dropped here, so the hash holds only the last while's) and
 * forgets the home feed: its members do not say who wrote them, so the author's cannot be picked
 * out; the next read rebuilds it from Neo4j.
 */
export const UNFOLLOWED = `${NOW_MS}
local now = now_ms()
local marks = redis.call('HGETALL', KEYS[1])
for i = 1, #marks, 2 do
  if tonumber(marks[i + 1]) <= now then redis.call('HDEL', KEYS[1], marks[i]) end
end
redis.call('HSET', KEYS[1], ARGV[1], now + tonumber(ARGV[2]) * 1000)
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2], KEYS[3])
return 1`;

/**
 * KEYS: state, items. ARGV: member, capacity. Removes a deleted tweet; a full feed is invalidated
 * instead: it may have trimmed older items that would then show.
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
