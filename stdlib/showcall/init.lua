--- ShowCall's primitives for scripts and shows: waiting on time, tasks with structured
--- cancellation, timeouts, retries and logging. Every function that waits suspends only the
--- calling task; the others keep running.
---
---     local sc = require "showcall"
---     sc.at("20:00", { tz = "Europe/Paris" })
---     sc.parallel { function() ... end, function() ... end }
local core = require "showcall.core"

local M = {}

local CANNOT_WAIT = "cannot wait here: '%s' needs a task that can yield (not in a metamethod, sort comparator, gsub callback or the main chunk of require)"

--- Raises the "cannot wait here" error at the caller of the caller of `check_wait`.
---@param name string
local function check_wait(name)
  if not core.can_wait() then error(CANNOT_WAIT:format(name), 3) end
end

--- The message of an error value: a ShowCall error's `message` (or a table's), read so that no
--- `__index` error escapes; otherwise `tostring(err)`. The one reading every library uses.
---@param err any
---@return string
function M.error_message(err)
  if type(err) == "userdata" or type(err) == "table" then
    local ok, m = pcall(function() return err.message end)
    if ok and m ~= nil then return tostring(m) end
  end
  return tostring(err)
end
local message = M.error_message

--- An error as a show's report gives it: the script's line it was raised at (an error object's
--- `where`; a Lua error string carries its own), then its message.
---@param err any
---@return string
function M.error_located(err)
  if type(err) == "userdata" then
    local ok, where = pcall(function() return err.where end)
    if ok and type(where) == "string" then return where .. message(err) end
  end
  return message(err)
end

--- `value` when it keeps a number rule: "seconds" (a wait or timeout, 0 to 366 days), "epoch"
--- (a moment, seconds since 1970), "count" (an integer from 0 to 1000) or "attempts" (from 1
--- to 1000). Otherwise raises
--- "`field`: must be ..., got ..." at `level` (1, the default: the function that called this).
--- Libraries check what a script hands them with it, so a typo fails at the script's line.
---@param value any
---@param rule "seconds"|"epoch"|"count"|"attempts"
---@param field string
---@param level? integer
---@return number
function M.check_number(value, rule, field, level)
  local ok, err = pcall(core.check_number, value, rule, field)
  if not ok then error(message(err), (level or 1) + 1) end
  return value
end

--- Suspends the calling task for `seconds` (fractions allowed).
---@type fun(seconds: number)
M.sleep = core.sleep

--- Waits until a time: "HH:MM[:SS]" (the next occurrence, or one that passed less than six
--- hours ago), an ISO-8601 date and time, or seconds since 1970. A time already past goes at
--- once with a warning; with `skip_if_past` it returns false at once instead.
---@type fun(time: string|number, opts?: {tz?: string, skip_if_past?: boolean}): boolean
M.at = core.at

--- The show clock's time of day, in seconds since 1970 (virtual in a rehearsal).
---@type fun(): number
M.now = core.now

--- The monotonic clock in nanoseconds, for measuring durations (never jumps).
---@type fun(): integer
M.clock_ns = core.clock_ns

---@class showcall.null: userdata

--- JSON's `null`, wherever a platform's answer (or the journal) holds one: the one value that
--- stands for it, so a list keeps its length and order (`#`, `ipairs`) and an object its key.
--- Like any userdata it is true in a test: compare, `if v == sc.null then`. Sent to a platform
--- (an option's value, an element of a list), it is written as `null`. It prints as `null`.
---@type showcall.null
M.null = core.null()

--- Starts `fn` as a task of its own at the next turn of the scheduler.
---@type fun(fn: function, name?: string): showcall.task
M.spawn = core.spawn

--- Waits for a task to end; returns its results or raises its error.
---@param task showcall.task
---@return any ...
function M.join(task)
  check_wait("join")
  while core.wait_any(nil, nil, task) ~= 1 do end
  return table.unpack(task:result())
end

--- Cancels each task and waits for all of them to end (their cleanup runs); errors are dropped.
---@param tasks showcall.task[]
---@param reason string
local function cancel_all(tasks, reason)
  for _, t in ipairs(tasks) do t:cancel(reason) end
  for _, t in ipairs(tasks) do
    while core.wait_any(nil, nil, t) ~= 1 do end
  end
end

--- Spawns one task per function and returns the pending ones.
local function spawn_all(fns, label)
  local tasks = {}
  for i, fn in ipairs(fns) do tasks[i] = core.spawn(fn, label .. "[" .. i .. "]") end
  return tasks
end

--- Waits for one of `tasks` (a list with holes allowed: `live` maps index to task) to end.
--- If the waiting task is itself cancelled, cancels them all first, then re-raises.
local function wait_one(live)
  local idx, list = {}, {}
  for i, t in pairs(live) do idx[#idx + 1] = i; list[#list + 1] = t end
  local ok, which = pcall(core.wait_any, nil, nil, table.unpack(list))
  if not ok then
    cancel_all(list, "parent cancelled")
    error(which, 0)
  end
  return idx[which]
end

--- Runs the functions at once and waits for all. Returns a list with each one's first
--- result. If one fails, the others are cancelled (their cleanup runs) and its error is raised.
---@param fns function[]
---@return any[]
function M.parallel(fns)
  check_wait("parallel")
  local tasks = spawn_all(fns, "parallel")
  local live, results = {}, {}
  for i, t in ipairs(tasks) do live[i] = t end
  while next(live) do
    local i = wait_one(live)
    local t = live[i]
    live[i] = nil
    local ok, r = pcall(t.result, t)
    if not ok then
      local rest = {}
      for _, other in pairs(live) do rest[#rest + 1] = other end
      cancel_all(rest, "a sibling failed")
      error(r, 0)
    end
    results[i] = r[1]
  end
  return results
end

--- Runs the functions at once; the first to end wins: the others are cancelled (their cleanup
--- runs) and its results are returned, or its error raised.
---@param fns function[]
---@return any ...
function M.race(fns)
  check_wait("race")
  local tasks = spawn_all(fns, "race")
  local live = {}
  for i, t in ipairs(tasks) do live[i] = t end
  local i = wait_one(live)
  local winner = live[i]
  live[i] = nil
  local rest = {}
  for _, other in pairs(live) do rest[#rest + 1] = other end
  cancel_all(rest, "lost the race")
  local ok, r = pcall(winner.result, winner)
  if not ok then error(r, 0) end
  return table.unpack(r)
end

--- Runs `fn`, cancelling it (its cleanup runs) and raising "timed out after N s" if it takes
--- longer than `seconds`.
---@param seconds number
---@param fn function
---@return any ...
function M.timeout(seconds, fn)
  check_wait("timeout")
  M.check_number(seconds, "seconds", "bad argument #1 to 'timeout'", 2)
  local t = core.spawn(fn, "timeout")
  local ok, which = pcall(core.wait_any, nil, core.now() + seconds, t)
  if not ok then cancel_all({ t }, "parent cancelled"); error(which, 0) end
  if which == "timeout" then
    cancel_all({ t }, "timed out")
    error(("timed out after %g s"):format(seconds), 2)
  end
  local done, r = pcall(t.result, t)
  if not done then error(r, 0) end
  return table.unpack(r)
end

--- Calls `fn(attempt)` up to `times` times (default 3) until it succeeds. Between attempts it
--- sleeps `backoff` seconds: a number (doubling each time), a list (one per retry) or a
--- function of the attempt number. `on`, a function of the error or a Lua pattern, says
--- which errors are worth retrying; others are raised at once.
---@param opts {times?: integer, backoff?: number|number[]|fun(attempt: integer): number, on?: string|fun(err: any): boolean}
---@param fn fun(attempt: integer): any
---@return any ...
function M.retry(opts, fn)
  check_wait("retry")
  local times = M.check_number(opts.times or 3, "attempts", "retry's times", 2)
  for attempt = 1, times do
    local r = table.pack(pcall(fn, attempt))
    if r[1] then return table.unpack(r, 2, r.n) end
    local err = r[2]
    local worth = opts.on == nil
      or (type(opts.on) == "function" and opts.on(err))
      or (type(opts.on) == "string" and message(err):find(opts.on) ~= nil)
    if not worth or attempt == times then error(err, 0) end
    local b = opts.backoff or 1
    local pause = type(b) == "function" and b(attempt)
      or type(b) == "table" and (b[attempt] or b[#b])
      or b * 2 ^ (attempt - 1)
    M.check_number(pause, "seconds", "retry's backoff before attempt " .. (attempt + 1), 2)
    core.log("warn", ("retry %d/%d in %gs after: %s"):format(attempt, times - 1, pause, message(err)))
    core.sleep(pause)
  end
end

--- Polls `predicate` every `every` seconds (default 1) until it returns true; with `timeout`,
--- raises "condition not met within N s" after that long.
---@param predicate fun(): boolean
---@param opts? {timeout?: number, every?: number}
function M.wait_until(predicate, opts)
  check_wait("wait_until")
  opts = opts or {}
  local every = M.check_number(opts.every or 1, "seconds", "wait_until's every", 2)
  local deadline = opts.timeout and core.now() + M.check_number(opts.timeout, "seconds", "wait_until's timeout", 2)
  while not predicate() do
    if deadline and core.now() + every > deadline then
      if core.now() < deadline then core.sleep(deadline - core.now()) end
      if predicate() then return end
      error(("condition not met within %g s"):format(opts.timeout), 2)
    end
    core.sleep(every)
  end
end

--- Log lines stamped with the show clock.
M.log = {
  ---@param msg string
  info = function(msg) core.log("info", tostring(msg)) end,
  ---@param msg string
  warn = function(msg) core.log("warn", tostring(msg)) end,
  ---@param msg string
  error = function(msg) core.log("error", tostring(msg)) end,
}

return M
