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

local M = {}

---@class showcall.Step
---@field name string
---@field at? string|number       clock time ("HH:MM[:SS]"), ISO-8601 or epoch seconds
---@field tz? string              IANA zone of `at` (default: the show's)
---@field skip_if_past? boolean   skip the step when `at` has already passed (default: go at once)
---@field after? number           seconds after the previous step ended (default 0)
---@field cue? boolean|string     wait for the operator's GO (a string is the prompt)
---@field wait_for? fun(): boolean start when this returns true (polled every `every` s, default 1)
---@field every? number
---@field guard? fun(): boolean   skip the step when this returns false
---@field run? function           a single action
---@field actions? (function|table)[] actions in order; `show.together{...}` runs a group at once
---@field on_failure? "abort"|"continue"|"retry"|"fallback" default "abort"; "retry" aborts once retries run out
---@field retries? integer        with on_failure = "retry": attempts after the first (default 2)
---@field backoff? number         with on_failure = "retry": seconds before the first retry, doubling (default 1)
---@field fallback? string        with on_failure = "fallback": the step to run next, at once; the show goes on from there
---@field cleanup? function       runs after the step, whether it succeeded, failed, or was skipped or aborted while running

local STEP_FIELDS = {
  at = true, tz = true, skip_if_past = true, after = true, cue = true, wait_for = true, every = true,
  guard = true, run = true, actions = true, on_failure = true, retries = true, backoff = true,
  fallback = true, cleanup = true,
}
local POLICIES = { abort = true, continue = true, retry = true, fallback = true }

--- A named action, so timelines and events say what ran.
---@param name string
---@param fn function
---@return table
function M.action(name, fn)
  return { name = name, fn = fn }
end

--- A group of actions run at once (as `parallel`: one failing cancels the others).
---@param fns (function|table)[]
---@return table
function M.together(fns)
  return { together = fns, name = "together" }
end

--- A show: its steps in order, run by `show:run()`.
---@class showcall.Show
---@field name string
---@field steps table[]
local Show = {}
Show.__index = Show

--- A new, empty show.
---@param name string
---@param opts? {tz?: string, cleanup?: function}
---@return showcall.Show
function M.new(name, opts)
  if type(name) ~= "string" or name == "" then error("show name must be a non-empty string", 2) end
  opts = opts or {}
  if opts.tz then
    local ok, err = pcall(core.resolve_time, "00:00", { tz = opts.tz })
    if not ok then error(sc.error_message(err), 2) end
  end
  return setmetatable({ name = name, tz = opts.tz, cleanup = opts.cleanup, steps = {}, index = {}, listeners = {} }, Show)
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
  spec = spec or {}
  for k in pairs(spec) do
    if not STEP_FIELDS[k] then error(("unknown field '%s' in step '%s'"):format(tostring(k), name), 2) end
  end
  for _, key in ipairs { "after", "every", "backoff" } do
    if spec[key] ~= nil then sc.check_number(spec[key], "seconds", ("step '%s': %s"):format(name, key), 2) end
  end
  if spec.retries ~= nil then sc.check_number(spec.retries, "count", ("step '%s': retries"):format(name), 2) end
  if spec.at ~= nil then
    local ok, err = pcall(core.resolve_time, spec.at, { tz = spec.tz or self.tz })
    if not ok then error(("step '%s': %s"):format(name, sc.error_message(err)), 2) end
  end
  local policy = spec.on_failure or "abort"
  if not POLICIES[policy] then
    error(("step '%s': on_failure must be abort, continue, retry or fallback, not '%s'"):format(name, tostring(policy)), 2)
  end
  if policy == "fallback" and type(spec.fallback) ~= "string" then
    error(("step '%s': on_failure = 'fallback' needs fallback = 'step name'"):format(name), 2)
  end
  local actions = spec.actions or {}
  if spec.run then actions = { spec.run, table.unpack(actions) } end
  local step = { name = name, spec = spec, actions = actions, policy = policy, status = "pending", results = {} }
  self.steps[#self.steps + 1] = step
  self.index[name] = #self.steps
  return self
end

local function clock(t) return t and core.timestamp(t):sub(1, 8) or "-" end

local function action_name(a, i)
  if type(a) == "table" then
    if a.together then
      local names = {}
      for j, b in ipairs(a.together) do names[j] = action_name(b, j) end
      return "together(" .. table.concat(names, ", ") .. ")"
    end
    return a.name or ("action " .. i)
  end
  return "action " .. i
end

local function describe_start(step, show_tz)
  local s, parts = step.spec, {}
  if s.at then parts[#parts + 1] = "at " .. tostring(s.at) .. ((s.tz or show_tz) and (" " .. (s.tz or show_tz)) or "") end
  if s.after then parts[#parts + 1] = ("%gs after previous"):format(s.after) end
  if s.cue then parts[#parts + 1] = "cue" .. (type(s.cue) == "string" and (" '" .. s.cue .. "'") or "") end
  if s.wait_for then parts[#parts + 1] = "when condition holds" end
  if #parts == 0 then parts[1] = "right after previous" end
  return table.concat(parts, ", ")
end

--- The planned start of each step: clock times resolved in order, delays added (actions
--- take no time in a plan).
---@return {step: table, time: number, start: string}[]
function Show:plan()
  local cursor = core.now()
  local rows = {}
  for _, step in ipairs(self.steps) do
    local s = step.spec
    if s.at then
      local t = core.resolve_time(s.at, { tz = s.tz or self.tz, reference = cursor })
      if t > cursor then cursor = t end
    end
    cursor = cursor + (s.after or 0)
    rows[#rows + 1] = { step = step, time = cursor, start = describe_start(step, self.tz) }
  end
  return rows
end

local function print_plan(self)
  print(("Show '%s': %d steps (planned times in %s; actions take no time in a plan)"):format(self.name, #self.steps, core.zone()))
  for i, row in ipairs(self:plan()) do
    local step = row.step
    local names = {}
    for j, a in ipairs(step.actions) do names[j] = action_name(a, j) end
    local extra = {}
    if step.spec.guard then extra[#extra + 1] = "guarded" end
    if step.policy ~= "abort" then
      extra[#extra + 1] = "on failure: " .. step.policy .. (step.spec.fallback and (" " .. step.spec.fallback) or "")
    end
    if step.spec.cleanup then extra[#extra + 1] = "cleanup" end
    print(("%3d  %-24s %s  %-32s %s%s"):format(i, step.name, clock(row.time), row.start,
      table.concat(names, "; "), #extra > 0 and ("  [" .. table.concat(extra, ", ") .. "]") or ""))
  end
end

-- Running ------------------------------------------------------------------------------------

local Run = {}
Run.__index = Run

function Run:emit(kind, step, text, extra)
  local event = extra or {}
  event.type, event.show, event.step, event.text, event.time = kind, self.show.name, step and step.name, text, core.now()
  self.channel:emit(event)
  self:publish()
  for _, fn in ipairs(self.show.listeners) do
    local ok, err = pcall(fn, event)
    if not ok then sc.log.error(("show '%s': event listener failed: %s"):format(self.show.name, tostring(err))) end
  end
end

function Run:publish()
  local steps, now = {}, core.now()
  for i, step in ipairs(self.show.steps) do
    steps[i] = { name = step.name, status = step.status, planned = step.planned, started = step.started,
      ended = step.ended, error = step.error }
  end
  local current = self.show.steps[self.current]
  -- The next step to start: the current one while it waits for its start, else the one after.
  local waiting = current and (current.status == "pending" or current.status == "cued")
  local upcoming = self.current and self.show.steps[waiting and self.current or self.current + 1]
  self.channel:publish {
    show = self.show.name, status = self.status, held = self.held, mode = core.mode(),
    current = current and current.name, current_status = current and current.status,
    next = upcoming and upcoming.name,
    next_at = self.next_at, countdown = self.next_at and math.max(0, self.next_at - now),
    elapsed = now - self.started, clock = now, steps = steps,
  }
end

--- Handles the operator commands that arrived; returns a decision for the caller
--- ("go", "skip", "abort", or "jump" and a step index) or nil to keep waiting.
function Run:commands(running)
  -- Commands after the one that decides wait in the backlog for the next call (SKIP twice skips two steps).
  local queue = self.backlog or {}
  for _, c in ipairs(self.channel:commands()) do queue[#queue + 1] = c end
  self.backlog = nil
  for k, c in ipairs(queue) do
    local decision, target = self:command(c, running)
    if decision then
      self.backlog = { table.unpack(queue, k + 1) }
      return decision, target
    end
  end
end

--- Applies one command; returns a decision as `commands` does.
function Run:command(c, running)
  local cmd = c.command
  if cmd == "hold" and not self.held then
    self.held, self.hold_began = true, core.now()
    self:emit("hold", nil, "HOLD")
  elseif cmd == "resume" and self.held then
    self.held = false
    local paused = core.now() - self.hold_began
    if self.delay_deadline then self.delay_deadline = self.delay_deadline + paused end
    self:emit("resume", nil, ("RESUME after %.1fs"):format(paused))
  elseif cmd == "go" and self.held then
    self:emit("ignored", nil, "GO ignored: the show is on HOLD (RESUME first)")
  elseif cmd == "go" and not running then
    self:emit("go", nil, "GO")
    return "go"
  elseif cmd == "skip" or cmd == "abort" then
    return cmd
  elseif cmd == "jump" then
    local target = self.show.index[c.step]
    if target then return "jump", target end
    self:emit("error", nil, ("JUMP: no step named '%s'"):format(c.step))
  end
end

--- Waits for a step's start condition. Returns "start", "skip", "abort" or "jump", index.
function Run:await_start(step)
  local s, now = step.spec, core.now()
  local deadline
  self.delay_deadline = nil
  if s.at then
    deadline = core.resolve_time(s.at, { tz = s.tz or self.show.tz })
    if deadline < now then
      if s.skip_if_past then
        step.note = "time passed"
        return "skip"
      end
      sc.log.warn(("step '%s': %s passed %ds ago, going now"):format(step.name, tostring(s.at), math.floor(now - deadline)))
    end
  end
  if s.after then
    -- Resumed after a crash, the delay runs from when the previous step really ended.
    local base = self.resume_base or now
    self.delay_deadline = math.max(deadline or base, base) + s.after
  end
  self.resume_base = nil
  local cued = not s.cue
  local announced = false
  while true do
    local decision, target = self:commands(false)
    if decision == "go" then return "start" end
    if decision then return decision, target end
    deadline = self.delay_deadline or deadline
    step.planned = step.planned or deadline
    self.next_at = deadline
    now = core.now()
    if self.held then
      self:publish()
      core.wait_any(self.channel, nil)
    elseif deadline and now < deadline then
      self:publish()
      core.wait_any(self.channel, deadline)
    elseif not cued then
      if core.mode() == "rehearse" then
        cued = true
        step.note = "cue answered automatically"
      else
        if not announced then
          announced = true
          step.status = "cued"
          self:emit("cue", step, ("waiting for GO: %s"):format(type(s.cue) == "string" and s.cue or step.name))
        end
        core.wait_any(self.channel, nil)
      end
    elseif s.wait_for and not s.wait_for() then
      core.wait_any(self.channel, core.now() + (s.every or 1))
    else
      return "start"
    end
  end
end

local function run_action(a, i, step, run)
  local name = action_name(a, i)
  local fn = type(a) == "table" and (a.fn or function()
    local fns = {}
    for j, b in ipairs(a.together) do fns[j] = function() return run_action(b, j, step, run) end end
    return sc.parallel(fns)
  end) or a
  local ok, result = pcall(fn)
  local text = ok and (result == nil and "ok" or tostring(result))
    or ("failed: " .. sc.error_message(result))
  if type(a) ~= "table" or not a.together then
    step.results[#step.results + 1] = { action = name, result = text, time = core.now() }
    run:emit(ok and "action_done" or "action_failed", step, ("%s: %s"):format(name, text), { action = name, result = text })
  end
  if not ok then error(result, 0) end
  return result
end

local function run_actions(step, run)
  for i, a in ipairs(step.actions) do run_action(a, i, step, run) end
end

--- Runs a step's actions in a task of their own (so SKIP, JUMP and ABORT can cancel them),
--- then its cleanup. Returns "done", "failed", "skip", "abort" or "jump", index.
function Run:execute(step)
  -- A step run again on resume keeps the time it first started.
  step.status, step.started, step.results, step.error = "running", self.rerun and step.started or core.now(), {}, nil
  self.next_at = nil
  self:emit("step_started", step, ("step '%s' %s"):format(step.name, self.rerun and "resumed" or "started"),
    { planned = step.planned, resumed = self.rerun })
  self.rerun = nil
  local body = function() run_actions(step, self) end
  if step.policy == "retry" then
    body = function()
      sc.retry({ times = (step.spec.retries or 2) + 1, backoff = step.spec.backoff or 1 }, function() run_actions(step, self) end)
    end
  end
  local task = core.spawn(body, step.name)
  local outcome, target
  while true do
    outcome, target = self:commands(true)
    if outcome then
      task:cancel(outcome == "abort" and "show aborted" or "skipped by operator")
      while core.wait_any(nil, nil, task) ~= 1 do end
      break
    end
    if core.wait_any(self.channel, nil, task) == 1 then
      local ok, err = pcall(task.result, task)
      outcome = ok and "done" or "failed"
      if not ok then step.error = sc.error_message(err) end
      break
    end
  end
  if step.spec.cleanup then
    local ok, err = pcall(step.spec.cleanup)
    if not ok then sc.log.error(("step '%s' cleanup failed: %s"):format(step.name, tostring(err))) end
  end
  step.ended = core.now()
  return outcome, target
end

function Run:finish_step(step, status, text)
  step.status = status
  step.ended = step.ended or core.now()
  self:emit("step_" .. status, step, text or ("step '%s' %s"):format(step.name, status), { error = step.error })
end

--- Runs the steps from `start` (default 1). Resuming, `how` says how to enter that step:
--- "rerun" (it was running: run it again, its finished calls replayed from the journal),
--- "jumped" (start it at once) or "await" (wait for its start as usual).
function Run:loop(start, how)
  local steps = self.show.steps
  local i = start or 1
  if how == "jumped" then self.jumped = i end
  local resuming = how ~= nil
  while i <= #steps do
    local step = steps[i]
    self.current = i
    -- The cursor, journaled: where a resumed run picks up.
    self.channel:journal { type = "step_next", step = step.name, index = i, jumped = self.jumped == i or nil, resumed = resuming or nil }
    resuming = false
    local decision, target
    if how == "rerun" then
      how, self.rerun, decision = nil, true, "start"
    elseif self.jumped == i then
      self.jumped = nil
      decision = "start"
    else
      decision, target = self:await_start(step)
    end
    if decision == "start" and not self.rerun and step.spec.guard and not step.spec.guard() then
      step.note = "guard false"
      decision = "skip"
    end
    if decision == "start" then
      decision, target = self:execute(step)
    end
    local next_i = i + 1
    if decision == "done" then
      self:finish_step(step, "done")
    elseif decision == "failed" then
      self:finish_step(step, "failed", ("step '%s' failed: %s"):format(step.name, step.error))
      if step.policy == "abort" or step.policy == "retry" then
        self.status = "aborted"
        return
      elseif step.policy == "fallback" then
        next_i = self.show.index[step.spec.fallback]
        self.jumped = next_i
      end
    elseif decision == "skip" then
      self:finish_step(step, "skipped", ("step '%s' skipped%s"):format(step.name, step.note and (" (" .. step.note .. ")") or ""))
    elseif decision == "jump" then
      if step.status == "running" or step.status == "pending" or step.status == "cued" then
        self:finish_step(step, "skipped", ("step '%s' skipped by JUMP"):format(step.name))
      end
      for j = i + 1, target - 1 do
        if steps[j].status == "pending" then self:finish_step(steps[j], "skipped", ("step '%s' skipped by JUMP"):format(steps[j].name)) end
      end
      for j = target, #steps do steps[j].status = "pending" end
      self:emit("jump", steps[target], ("JUMP to '%s'"):format(steps[target].name))
      next_i, self.jumped = target, target
    elseif decision == "abort" then
      if step.status ~= "pending" then self:finish_step(step, "skipped", ("step '%s' stopped by ABORT"):format(step.name)) end
      self.status = "aborted"
      return
    end
    i = next_i
  end
  self.status = "done"
end

local function print_timeline(self)
  print(("\nTimeline of '%s'"):format(self.name))
  print(("%-24s %-8s %-8s %-8s %s"):format("STEP", "PLANNED", "ACTUAL", "STATUS", "ACTIONS"))
  for _, step in ipairs(self.steps) do
    local results = {}
    for j, r in ipairs(step.results) do results[j] = r.action .. ": " .. r.result end
    if step.note then results[#results + 1] = "(" .. step.note .. ")" end
    if step.error and #step.results == 0 then results[#results + 1] = step.error end
    print(("%-24s %-8s %-8s %-8s %s"):format(step.name, clock(step.planned), clock(step.started),
      step.status, table.concat(results, "; ")))
  end
end

--- Where a resumed show picks up, from what the journal says of its cursor step (see
--- `core.resume_state`): the step's index and how to enter it, or nil and "aborted".
---@param show table
---@param r table
---@return integer|nil, string
local function resume_point(show, r)
  local i = r.cursor and show.index[r.cursor]
  if not i then return 1, "await" end
  local step = show.steps[i]
  if r.after == nil then return i, r.jumped and "jumped" or "await" end
  if r.after == "running" then return i, "rerun" end
  if r.jump_to and show.index[r.jump_to] then return show.index[r.jump_to], "jumped" end
  if r.after == "failed" then
    if step.policy == "fallback" then return show.index[step.spec.fallback], "jumped" end
    if step.policy ~= "continue" then return nil, "aborted" end
  end
  return i + 1, "await"
end

--- Takes the journaled state of the steps before `first` (the ones not run again), and of
--- the show (started, HOLD).
local function restore(run, r, first)
  for i, step in ipairs(run.show.steps) do
    local saved = r.steps[step.name]
    if saved and (i < first or (i == first and saved.status == "running")) then
      step.status, step.planned, step.started, step.ended, step.error = saved.status, saved.planned, saved.started, saved.ended, saved.error
      step.results = saved.results or {}
    end
  end
  run.started, run.held, run.hold_began = r.started or run.started, r.held, r.hold_began
  local previous = run.show.steps[first - 1]
  run.resume_base = previous and previous.ended or run.started
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
    print_plan(self)
    return "planned"
  end
  if not core.can_wait() then error("cannot wait here: 'show:run' needs a task that can yield", 2) end
  local resumed = core.resume_state(self.name)
  if resumed and resumed.finished then
    sc.log.info(("show '%s' had already %s in the run being resumed"):format(self.name, resumed.status == "done" and "ended" or "been aborted"))
    return resumed.status
  end
  for _, step in ipairs(self.steps) do step.status, step.planned, step.started, step.ended, step.note = "pending", nil, nil, nil, nil end
  local run = setmetatable({ show = self, channel = core.channel(self.name), status = "running", held = false, started = core.now() }, Run)
  local start, how
  if resumed then
    start, how = resume_point(self, resumed)
    restore(run, resumed, start or #self.steps + 1)
    local at = start and self.steps[start]
    run:emit("show_resumed", nil, ("show '%s' resumed %s"):format(self.name,
      at and ("at step '%s'"):format(at.name) or (how == "aborted" and "to finish aborting" or "after its last step")))
  else
    run:emit("show_started", nil, ("show '%s' started (%d steps)"):format(self.name, #self.steps))
  end
  local ok, err = true, nil
  if how == "aborted" then
    run.status = "aborted"
  else
    ok, err = pcall(run.loop, run, start, how)
  end
  if not ok then run.status = "aborted" end
  run.channel:journal { type = "show_cleanup" }
  if self.cleanup then
    local cok, cerr = pcall(self.cleanup)
    if not cok then sc.log.error(("show '%s' cleanup failed: %s"):format(self.name, tostring(cerr))) end
  end
  run.current, run.next_at = nil, nil
  run:emit("show_" .. run.status, nil, ("show '%s' %s after %.1fs"):format(self.name, run.status, core.now() - run.started))
  run.channel:close()
  if core.mode() == "rehearse" then print_timeline(self) end
  if not ok then error(err, 0) end
  return run.status
end

return M
