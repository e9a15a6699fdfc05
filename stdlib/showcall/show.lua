--- Run-of-show DSL: a show is a named, ordered list of steps, each with a start condition,
--- actions, an optional guard, an on-failure policy and an optional cleanup. Operators steer
--- a running show with GO, HOLD, RESUME, SKIP, JUMP and ABORT.
---
---     local show = require "showcall.show"
---     local s = show.new("Evening webcast", { tz = "Europe/Paris" })
---     s:step("preroll", { at = "19:55", run = function() ... end })
---     s:step("open", { after = 300, cue = "Presenter ready", actions = {
---       show.action("title card", function() ... end),
---       show.together { function() ... end, function() ... end },
---     } })
---     s:run()
local core = require "showcall.core"
local sc = require "showcall"
local report = require "showcall.show.report"
local runner = require "showcall.show.runner"
local resume = require "showcall.show.resume"
local declare = require "showcall.show.declare"
local watch = require "showcall.show.watch"

local M = {}

--- A duration: seconds, or a string of hours, minutes and seconds in that order.
---@alias showcall.Duration number|string  30, "90s", "5m", "1h30m"

--- Where a step stands (the timeline, `:status`, the control page).
---@alias showcall.StepState "pending"|"cued"|"running"|"done"|"failed"|"skipped"

--- A step's options, as `s:step(name, options)` takes them; exact, so an editor flags a
--- misspelt one (`aftr`) as `show.new` does when the script runs.
---@class (exact) showcall.Step
---@field at? string|integer      clock time ("HH:MM[:SS]"), ISO-8601, or epoch seconds (an integer from 2000 on)
---@field tz? string              IANA zone of `at` (default: the show's)
---@field skip_if_past? boolean   skip the step when `at` has already passed (default: go at once)
---@field after? showcall.Duration after the previous step ended (default 0)
---@field cue? boolean|string     wait for the operator's GO (a string is the prompt)
---@field wait_for? fun(): boolean start when this returns true (polled every `every` s, default 1)
---@field every? showcall.Duration how often `wait_for` is asked
---@field guard? fun(): boolean   skip the step when this returns false
---@field run? function|table     a single action: a function, `show.action(...)` or `show.together{...}`
---@field actions? (function|table)[] actions in order; `show.together{...}` runs a group at once
---@field on_failure? "abort"|"continue"|"retry"|"fallback" default "abort"; "retry" aborts once retries run out
---@field retries? integer        with on_failure = "retry": attempts after the first (default 2)
---@field backoff? showcall.Duration with on_failure = "retry": the wait before the first retry, doubling (default 1 s)
---@field fallback? string        with on_failure = "fallback": the step to run next, at once; the show goes on from there
---@field cleanup? function       runs after the step, whether it succeeded, failed, or was skipped or aborted while running


--- Raises a declaration check's message at the line of the script that called `fn`'s caller.
local function checked(fn, ...)
  local ok, result = pcall(fn, ...)
  if not ok then error(sc.error_message(result), 3) end
  return result
end

--- A named action, so timelines and events say what ran.
---@param name string
---@param fn function
---@return table
function M.action(name, fn)
  checked(declare.action, name, fn)
  return { name = name, fn = fn }
end

--- A group of actions run at once (as `parallel`: one failing cancels the others).
---@param fns (function|table)[]
---@return table
function M.together(fns)
  checked(declare.together, fns)
  return { together = fns, name = "together" }
end

--- `show.new`'s options.
---@class (exact) showcall.ShowOptions
---@field tz? string         IANA zone the show's clock times are read in (default: the machine's)
---@field cleanup? function  runs however the show ends, ABORT included
---@field watch? showcall.Duration how often to read the state of each output the show has called, for the
---                          control page (at least 1 s; off by default)

--- A show: its steps in order, run by `show:run()`.
---@class showcall.Show
---@field name string
---@field steps table[]
local Show = {}
Show.__index = Show

--- A new, empty show.
---@param name string
---@param opts? showcall.ShowOptions
---@return showcall.Show
function M.new(name, opts)
  checked(declare.show, name, opts)
  opts = opts or {}
  if opts.tz then
    -- The show's zone is where people read its times: plan, timeline, log, terminal, page.
    core.show_zone(opts.tz)
  end
  local period = opts.watch and declare.duration(opts.watch, "watch")
  return setmetatable({ name = name, tz = opts.tz, cleanup = opts.cleanup, watch = period, steps = {}, index = {},
    listeners = {} }, Show)
end

--- Calls `fn(event)` with each event of the show as it runs ({type=, show=, step=, text=,
--- time=, error=}: types show_started, step_started, step_done, step_failed, step_skipped, cue,
--- hold, resume, jump, show_done, show_aborted...). It runs in the show's task and may wait;
--- an error in it is logged and the show goes on.
---@param fn fun(event: table)
function Show:on_event(fn)
  if type(fn) ~= "function" then error("on_event needs a function", 2) end
  self.listeners[#self.listeners + 1] = fn
end

--- Adds a step at the end of the show. Errors name the calling line.
---@param name string
---@param spec showcall.Step
---@return showcall.Show self
function Show:step(name, spec)
  if type(name) ~= "string" or name == "" then error("step name must be a non-empty string", 2) end
  if self.index[name] then error(("step '%s' is defined twice in show '%s'"):format(name, self.name), 2) end
  spec = checked(declare.step, self, name, spec)
  local policy = spec.on_failure or "abort"
  local actions = spec.actions or {}
  if spec.run then actions = { spec.run, table.unpack(actions) } end
  -- `results` is made when the step starts: a show waiting for its first cue keeps no empty list per step.
  local step = { name = name, spec = spec, actions = actions, policy = policy, status = "pending" }
  self.steps[#self.steps + 1] = step
  self.index[name] = #self.steps
  return self
end

--- The planned start of each step, in order: clock times resolved in order, delays added
--- (actions take no time in a plan).
---@return number[]
function Show:times()
  local cursor, times = core.now(), {}
  for i, step in ipairs(self.steps) do
    local s = step.spec
    if s.at then
      local t = core.resolve_time(s.at, { tz = s.tz or self.tz, reference = cursor })
      if t > cursor then cursor = t end
    end
    cursor = cursor + (s.after or 0)
    times[i] = cursor
  end
  return times
end

--- The plan: each step, its planned start (`times`) and its start condition in words.
---@return {step: table, time: number, start: string}[]
function Show:plan()
  local rows = {}
  for i, time in ipairs(self:times()) do
    local step = self.steps[i]
    rows[i] = { step = step, time = time, start = report.describe_start(step, self.tz) }
  end
  return rows
end

--- Runs the show in the calling task until it ends, steered by operator commands. In plan
--- mode (`showcall plan`) prints the plan instead; in a rehearsal cues answer themselves and a
--- timeline is printed at the end. Returns "done" or "aborted".
---@return "done"|"aborted"
function Show:run()
  for _, step in ipairs(self.steps) do
    if step.spec.fallback and not self.index[step.spec.fallback] then
      error(("step '%s': fallback step '%s' is not in show '%s'"):format(step.name, step.spec.fallback, self.name), 2)
    end
  end
  if core.mode() == "plan" then
    report.print_plan(self)
    return "planned"
  end
  if not core.can_wait() then error("cannot wait here: 'show:run' needs a task that can yield", 2) end
  local resumed = core.resume_state(self.name)
  if resumed and resumed.finished then
    sc.log.info(("show '%s' had already %s in the run being resumed"):format(self.name, resumed.status == "done" and "ended" or "been aborted"))
    return resumed.status
  end
  for _, step in ipairs(self.steps) do
    step.status, step.planned, step.started, step.ended, step.note, step.cued_at, step.results =
      "pending", nil, nil, nil, nil, nil, nil
  end
  local run = runner.new(self)
  run:schedule()
  local start, how
  if resumed then
    start, how = resume.point(self, resumed)
    resume.restore(run, resumed, start or #self.steps + 1)
    local at = start and self.steps[start]
    run:emit("show_resumed", nil, ("show '%s' resumed %s"):format(self.name,
      at and ("at step '%s'"):format(at.name) or (how == "aborted" and "to finish aborting" or "after its last step")))
  else
    run:emit("show_started", nil, ("show '%s' started (%d steps)"):format(self.name, #self.steps), { tz = core.display_zone() })
  end
  -- In virtual time nothing real is there to read.
  local watcher = self.watch and core.mode() == "run" and watch.start(self.watch) or nil
  local ok, err = true, nil
  if how == "aborted" then
    run.status = "aborted"
  else
    ok, err = pcall(run.loop, run, start, how)
  end
  if not ok then run.status = "aborted" end
  if run.status == "aborted" then
    -- What the abort left unstarted reads so, not "pending" as if it might still run.
    for _, step in ipairs(self.steps) do
      if step.status == "pending" then step.status = "not run" end
    end
  end
  if watcher then watcher:cancel("show ended") end
  run.channel:journal { type = "show_cleanup" }
  if self.cleanup then
    local cok, cerr = pcall(self.cleanup)
    if not cok then sc.log.error(("show '%s' cleanup failed: %s"):format(self.name, tostring(cerr))) end
  end
  run.current, run.next_at = nil, nil
  run:emit("show_" .. run.status, nil, ("show '%s' %s after %.1fs"):format(self.name, run.status, core.now() - run.started))
  run.channel:close()
  if core.mode() == "rehearse" then report.print_timeline(self) end
  if not ok then error(err, 0) end
  return run.status
end

return M
