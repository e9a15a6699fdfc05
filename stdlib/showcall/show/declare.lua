--- The checks a show's declaration gets when the script writes it (`show.new`, `s:step`,
--- `show.action`, `show.together`): every option's name, kind and rule, so a mistake fails at
--- the script's line before show day, not when the step runs. Each check raises a message
--- without a position; `showcall.show` raises it again at the script's line.
local core = require "showcall.core"
local sc = require "showcall"

local M = {}

--- The options of a step, in the order a suggestion prefers them.
local STEP_FIELDS = { "at", "tz", "skip_if_past", "after", "cue", "wait_for", "every", "guard", "run",
  "actions", "on_failure", "retries", "backoff", "fallback", "cleanup" }
local SHOW_FIELDS = { "tz", "cleanup", "watch" }
local POLICIES = { "abort", "continue", "retry", "fallback" }
local DURATION_UNITS = { h = 3600, m = 60, s = 1 }
--- A step's options read as durations, and those that must be callable.
local DURATIONS, CALLABLES = { "after", "every", "backoff" }, { "guard", "cleanup", "wait_for" }
--- The earliest moment a number `at` may name. Nothing is scheduled before 2000; a smaller
--- number is a clock time or a delay written as a number (`at = 1930`, `at = 300`).
local EPOCH_FLOOR = 946684800

local function fail(fmt, ...)
  error(fmt:format(...), 0)
end

--- Edit distance with adjacent transpositions (optimal string alignment): a swapped pair of
--- letters is one slip, as a typist makes it.
local function distance(a, b)
  local d = {}
  for i = 0, #a do d[i] = { [0] = i } end
  for j = 0, #b do d[0][j] = j end
  for i = 1, #a do
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      local v = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if i > 1 and j > 1 and a:sub(i, i) == b:sub(j - 1, j - 1) and a:sub(i - 1, i - 1) == b:sub(j, j) then
        v = math.min(v, d[i - 2][j - 2] + 1)
      end
      d[i][j] = v
    end
  end
  return d[#a][#b]
end

--- "; did you mean 'x'?" for the nearest of `names` to `given` (case aside), if one is within a
--- third of the longer name's letters (at least one slip); otherwise "".
---@param given any
---@param names string[]
---@return string
function M.suggest(given, names)
  if type(given) ~= "string" then return "" end
  local best, best_d
  for _, name in ipairs(names) do
    local d = distance(given:lower(), name)
    if d < (best_d or math.huge) then best, best_d = name, d end
  end
  if best and best_d <= math.max(1, math.max(#given, #best) // 3) then return ("; did you mean '%s'?"):format(best) end
  return ""
end

local function set(names)
  local s = {}
  for _, n in ipairs(names) do s[n] = true end
  return s
end
local STEP_SET, SHOW_SET, POLICY_SET = set(STEP_FIELDS), set(SHOW_FIELDS), set(POLICIES)

--- Checks that every key of `t` is one of `known`; `what` and `name` say whose options they are
--- ("step", "doors"), put in words only when one is not.
local function fields(t, known, names, what, name)
  for k in pairs(t) do
    if not known[k] then
      local where = ("%s '%s'"):format(what, name)
      if type(k) == "string" then
        fail("unknown field '%s' in %s%s", k, where, M.suggest(k, names))
      end
      fail("unknown field %s in %s (options are named: %s)", tostring(k), where, table.concat(names, ", "))
    end
  end
end

--- A function, or a table or userdata that can be called.
local function callable(v)
  if type(v) == "function" then return true end
  local mt = (type(v) == "table" or type(v) == "userdata") and getmetatable(v)
  return type(mt) == "table" and mt.__call ~= nil
end

local function check_callable(v, what)
  if not callable(v) then fail("%s must be a function, got %s", what, type(v)) end
end

--- Seconds from a duration: a number of seconds, or a string of hours, minutes and seconds in
--- that order ("90s", "5m", "1h30m", "1.5s"). The DSL's one reading of a duration; the result
--- keeps the "seconds" number rule.
---@param v any
---@param field string what the message names
---@return number
function M.duration(v, field)
  if type(v) == "string" then
    local total, rest, order = 0, v, 0
    if rest == "" then fail("%s: malformed duration '' (seconds as a number, or \"90s\", \"5m\", \"1h30m\")", field) end
    while rest ~= "" do
      local amount, unit, tail = rest:match("^(%d+%.?%d*)([hms])(.*)$")
      local rank = unit and ({ h = 1, m = 2, s = 3 })[unit]
      if not amount or rank <= order then
        fail("%s: malformed duration '%s' (seconds as a number, or \"90s\", \"5m\", \"1h30m\")", field, v)
      end
      total, rest, order = total + tonumber(amount) * DURATION_UNITS[unit], tail, rank
    end
    v = total
  end
  -- sc.check_number raises at the level of its caller, here pcall: no position, as `fail`.
  local ok, err = pcall(sc.check_number, v, "seconds", field)
  if not ok then error(sc.error_message(err), 0) end
  return v
end

--- A time zone name the clock knows.
local function check_zone(tz, where)
  if type(tz) ~= "string" then fail("%stz must be an IANA zone name such as \"Europe/Paris\", got %s", where, type(tz)) end
  local ok, err = pcall(core.resolve_time, "00:00", { tz = tz })
  if not ok then fail("%s%s", where, sc.error_message(err)) end
end

--- `at`: a clock time or ISO-8601 string, or a number of seconds since 1970 that reads as a
--- moment, not as a clock time written as a number.
local function check_at(at, tz, where)
  if type(at) == "number" then
    local ok, err = pcall(sc.check_number, at, "epoch", where .. "at")
    if not ok then error(sc.error_message(err), 0) end
    if at < EPOCH_FLOOR then
      if math.type(at) == "integer" and at <= 2359 and at % 100 < 60 then
        fail("%sat = %d is a number, read as seconds since 1970; did you mean \"%02d:%02d\"?", where, at, at // 100, at % 100)
      end
      fail("%sat = %s must be a moment in seconds since 1970 (from 2000 on) or a clock time \"HH:MM\"; for a delay use after", where, tostring(at))
    end
  end
  local ok, err = pcall(core.resolve_time, at, { tz = tz })
  if not ok then fail("%s%s", where, sc.error_message(err)) end
end

local action_problem

--- What is wrong with `fns` as `show.together`'s list of actions, as `action_problem` says it,
--- or nil.
---@param fns any
---@return string?
local function together_problem(fns)
  if type(fns) ~= "table" then return (": show.together needs a list of actions, got %s"):format(type(fns)) end
  for i, b in ipairs(fns) do
    local problem = action_problem(b)
    if problem then return ("[%d]"):format(i) .. problem end
  end
  return nil
end

--- What is wrong with `a` as an action (a function, `show.action(name, fn)` or
--- `show.together{...}`), as the end of a message that starts with the action's name, or nil.
--- The message is only made when something is wrong: declaring thousands of actions that are
--- right makes no text.
---@param a any
---@return string?
function action_problem(a)
  if type(a) == "table" and a.together ~= nil then return together_problem(a.together) end
  if type(a) == "table" and not callable(a) then
    if a.fn == nil then return " must be a function, show.action(name, fn) or show.together{...}, got a table" end
    if not callable(a.fn) then return ("'s fn must be a function, got %s"):format(type(a.fn)) end
    return nil
  end
  if not callable(a) then return (" must be a function, got %s"):format(type(a)) end
  return nil
end

--- Checks a step's options; returns a copy with durations in seconds, the spec the runner reads.
---@param show showcall.Show
---@param name string
---@param spec table?
---@return table
function M.step(show, name, spec)
  if spec == nil then return {} end
  if type(spec) ~= "table" then fail("step '%s': options must be a table, got %s", name, type(spec)) end
  fields(spec, STEP_SET, STEP_FIELDS, "step", name)
  local where = ("step '%s': "):format(name)
  local s = {}
  for k, v in pairs(spec) do s[k] = v end
  for _, key in ipairs(DURATIONS) do
    if s[key] ~= nil then s[key] = M.duration(s[key], where .. key) end
  end
  if s.retries ~= nil then
    local ok, err = pcall(sc.check_number, s.retries, "count", where .. "retries")
    if not ok then error(sc.error_message(err), 0) end
  end
  if s.tz ~= nil then check_zone(s.tz, where) end
  if s.at ~= nil then check_at(s.at, s.tz or show.tz, where) end
  if s.skip_if_past ~= nil and type(s.skip_if_past) ~= "boolean" then fail("%sskip_if_past must be a boolean, got %s", where, type(s.skip_if_past)) end
  if s.cue ~= nil and type(s.cue) ~= "boolean" and type(s.cue) ~= "string" then
    fail("%scue must be true or the operator's prompt (a string), got %s", where, type(s.cue))
  end
  local problem = s.run ~= nil and action_problem(s.run)
  if problem then fail("%srun%s", where, problem) end
  for _, key in ipairs(CALLABLES) do
    if s[key] ~= nil then check_callable(s[key], where .. key) end
  end
  if s.actions ~= nil then
    if type(s.actions) ~= "table" then fail("%sactions must be a list of actions, got %s", where, type(s.actions)) end
    for i, a in ipairs(s.actions) do
      problem = action_problem(a)
      if problem then fail("%sactions[%d]%s", where, i, problem) end
    end
  end
  if s.on_failure ~= nil and not POLICY_SET[s.on_failure] then
    fail("%son_failure must be abort, continue, retry or fallback, not '%s'%s", where, tostring(s.on_failure), M.suggest(s.on_failure, POLICIES))
  end
  if s.fallback ~= nil and type(s.fallback) ~= "string" then fail("%sfallback must be a step's name, got %s", where, type(s.fallback)) end
  if s.on_failure == "fallback" and s.fallback == nil then fail("%son_failure = 'fallback' needs fallback = 'step name'", where) end
  return s
end

--- Checks `show.new`'s options.
---@param name any
---@param opts table?
function M.show(name, opts)
  if type(name) ~= "string" or name == "" then fail("show name must be a non-empty string") end
  if opts == nil then return end
  if type(opts) ~= "table" then fail("show '%s': options must be a table, got %s", name, type(opts)) end
  fields(opts, SHOW_SET, SHOW_FIELDS, "show", name)
  local where = ("show '%s': "):format(name)
  if opts.tz ~= nil then check_zone(opts.tz, where) end
  if opts.cleanup ~= nil then check_callable(opts.cleanup, where .. "cleanup") end
  if opts.watch ~= nil then
    local period = M.duration(opts.watch, where .. "watch")
    if period < 1 then fail("%swatch must be at least 1 second, got %s", where, tostring(opts.watch)) end
  end
end

--- Checks `show.action(name, fn)`.
---@param name any
---@param fn any
function M.action(name, fn)
  if type(name) ~= "string" then fail("show.action: name must be a string, got %s", type(name)) end
  if not callable(fn) then fail("show.action '%s': fn must be a function, got %s", name, type(fn)) end
end

--- Checks `show.together(fns)`.
---@param fns any
function M.together(fns)
  local problem = together_problem(fns)
  if problem then fail("show.together%s", problem) end
end

return M
