/**
 * Feed scripts
 *
 * Lua scripts that make each feed change atomic in Redis: a push lands only in a feed that exists
 * (ready or building), a rebuild completes only if nothing invalidated it, and metadata changes
 * only on a ready feed. Metadata is a comma-separated list (Redis's cjson encodes an empty list as
 * `{}`, so it is avoided).
 */

const TRIM_AND_EXPIRE = `
local function trim_and_expire(state, feed, capacity)
  local excess = redis.call('ZCARD', feed) - capacity
  if excess > 0 then redis.call('ZREMRANGEBYRANK', feed, 0, excess - 1) end
  if redis.call('PTTL', feed) == -1 then
    local ttl = redis.call('PTTL', state)
    if ttl > 0 then redis.call('PEXPIRE', feed, ttl) end
  end
end
`;

const NOW_MS = `
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
`;

/**
 * KEYS: the author's unfollow marks. ARGV: state prefix, items prefix, score, member, capacity,
 * comma-separated feed ids. The hot path of fan-out, so it does the least per feed: ids travel as
 * one argument and key names are built here from them, one MGET tells which feeds exist (ready or
 * building), the marks are read once (unless there are more of them than feeds here), and a feed's
 * expiry is set only when this push created it.
 */
export const PUSH = `${NOW_MS}
local state_prefix, items_prefix, score, member = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local capacity = tonumber(ARGV[5])
local ids, states = {}, {}
for id in string.gmatch(ARGV[6], '[^,]+') do
  ids[#ids + 1] = id
  states[#ids] = state_prefix .. id
end
if #ids == 0 then return 1 end
local marks = redis.call('ZCARD', KEYS[1])
local now = marks > 0 and now_ms() or 0
local marked = {}
if marks > 0 and marks <= #ids then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], '(' .. now, '+inf', 'BYSCORE')) do marked[id] = true end
end
local exists = redis.call('MGET', unpack(states))
for i, id in ipairs(ids) do
  local skip = not exists[i] or marked[id]
  if not skip and marks > #ids then
    local expires = redis.call('ZSCORE', KEYS[1], id)
    skip = expires and tonumber(expires) > now
  end
  if not skip then
    local items = items_prefix .. id
    redis.call('ZADD', items, score, member)
    local size = redis.call('ZCARD', items)
    if size > capacity then
      redis.call('ZREMRANGEBYRANK', items, 0, size - capacity - 1)
    elseif size == 1 then
      local ttl = redis.call('PTTL', states[i])
      if ttl > 0 then redis.call('PEXPIRE', items, ttl) end
    end
  end
end
return 1`;

/** KEYS: state, items. ARGV: capacity, then score and member pairs. */
export const MERGE = `${TRIM_AND_EXPIRE}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 2, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end
trim_and_expire(KEYS[1], KEYS[2], tonumber(ARGV[1]))
return 1`;

/** KEYS: state, items. ARGV: token, ttl seconds, capacity, metadata, then score and member pairs. */
export const COMPLETE_BUILD = `
if redis.call('GET', KEYS[1]) ~= 'building:' .. ARGV[1] then return 0 end
for i = 5, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1) end
redis.call('SET', KEYS[1], 'ready:' .. ARGV[4], 'EX', ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1`;

/** KEYS: state, items. ARGV: ttl seconds. Returns the metadata of a ready feed, or nil. */
export const READY_META = `
local state = redis.call('GET', KEYS[1])
if not state or string.sub(state, 1, 6) ~= 'ready:' then return false end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return string.sub(state, 7)`;

/**
 * A home timeline page in one call. KEYS: home state, home items. ARGV: ttl seconds, limit, the
 * cursor's score ('' for the first page), recent-feed state prefix, recent-feed items prefix.
 * Returns nil unless the home feed is ready; else its metadata (the followed celebrities), then per
 * feed (home first, then each celebrity's recent feed, nil where that is not ready) its size, the
 * items in the cursor's millisecond and up to `limit` older ones. Ready feeds are kept from
 * expiring. The recent feeds' names come from the metadata, so they cannot be passed as KEYS: this
 * needs every key on one Redis (no cluster slots), as the rest of the store does.
 */
export const HOME_PAGE = `
local function ready(state) return state and string.sub(state, 1, 6) == 'ready:' end
local ttl, limit, score = ARGV[1], ARGV[2], ARGV[3]
local function page(state, items)
  redis.call('EXPIRE', state, ttl)
  redis.call('EXPIRE', items, ttl)
  if score == '' then
    return {redis.call('ZCARD', items), {}, redis.call('ZRANGE', items, '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit)}
  end
  return {
    redis.call('ZCARD', items),
    redis.call('ZRANGE', items, score, score, 'BYSCORE'),
    redis.call('ZRANGE', items, '(' .. score, '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit),
  }
end
local state = redis.call('GET', KEYS[1])
if not ready(state) then return false end
local meta = string.sub(state, 7)
local reply = {meta, page(KEYS[1], KEYS[2])}
for id in string.gmatch(meta, '[^,]+') do
  local recent_state = ARGV[4] .. id
  if ready(redis.call('GET', recent_state)) then
    table.insert(reply, page(recent_state, ARGV[5] .. id))
  else
    table.insert(reply, false)
  end
end
return reply`;

const META_LIST = `
local function split(text)
  local list = {}
  for id in string.gmatch(text, '[^,]+') do table.insert(list, id) end
  return list
end
`;

/**
 * KEYS: the author's unfollow marks, state, items. ARGV: author id, '1' to add the author to the
 * metadata, user id. A feed still building may have read the follows before this one: it is
 * invalidated.
 */
export const FOLLOWED = `${META_LIST}
redis.call('ZREM', KEYS[1], ARGV[3])
if ARGV[2] ~= '1' then return 1 end
local state = redis.call('GET', KEYS[2])
if not state then return 1 end
if string.sub(state, 1, 6) ~= 'ready:' then
  redis.call('DEL', KEYS[2], KEYS[3])
  return 1
end
local list = split(string.sub(state, 7))
for _, id in ipairs(list) do if id == ARGV[1] then return 1 end end
table.insert(list, ARGV[1])
redis.call('SET', KEYS[2], 'ready:' .. table.concat(list, ','), 'KEEPTTL')
return 1`;

/**
 * KEYS: the author's unfollow marks, state, items. ARGV: author id, mark seconds, capacity, user id.
 * Marks that have run out are dropped here, so an author's set holds only the last while's. A full
 * feed may have trimmed older items of other authors, which removing these would bring into view:
 * it is invalidated instead, as is one still building.
 */
export const UNFOLLOWED = `${META_LIST}${NOW_MS}
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]) * 1000, ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[2])
local state = redis.call('GET', KEYS[2])
if not state then return 1 end
if string.sub(state, 1, 6) ~= 'ready:' or redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[2], KEYS[3])
  return 1
end
local suffix = ':' .. ARGV[1]
for _, member in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  if string.sub(member, -#suffix) == suffix then redis.call('ZREM', KEYS[3], member) end
end
local kept = {}
for _, id in ipairs(split(string.sub(state, 7))) do if id ~= ARGV[1] then table.insert(kept, id) end end
redis.call('SET', KEYS[2], 'ready:' .. table.concat(kept, ','), 'KEEPTTL')
return 1`;

/**
 * KEYS: (state, items) per feed. ARGV: member, capacity. Removes a deleted tweet; a full feed is
 * invalidated instead (see UNFOLLOWED: it may have trimmed what would then show).
 */
export const REMOVE = `
for i = 1, #KEYS, 2 do
  if redis.call('ZSCORE', KEYS[i + 1], ARGV[1]) then
    if redis.call('ZCARD', KEYS[i + 1]) >= tonumber(ARGV[2]) then
      redis.call('DEL', KEYS[i], KEYS[i + 1])
    else
      redis.call('ZREM', KEYS[i + 1], ARGV[1])
    end
  end
end
return 1`;
