--- The runner of one show: its state while it runs, the steps' start conditions, the
--- operator's commands (GO, HOLD, RESUME, SKIP, JUMP, ABORT), the actions and the policies.
--- `show:run()` (showcall.show) makes one and drives it.
local core = require "showcall.core"
local sc = require "showcall"
local report = require "showcall.show.report"

local M = {}

--- A show while it runs.
---@class showcall.Run
---@field show showcall.Show
---@field channel showcall.channel the show's line to its operators (commands, events, journal)
---@field status "running"|"done"|"aborted"
---@field held boolean HOLD is in force
---@field hold_began number? when HOLD began
---@field started number when the show started (kept across a resume)
---@field current integer? the index of the step the cursor is on
---@field next_at number? when the next step starts, if that is known
---@field delay_deadline number? the end of the running `after` delay (HOLD moves it)
---@field resume_base number? resumed: when the previous step really ended
---@field backlog table[]? commands after the one that decided, for the next call
---@field jumped integer? the step to start at once (JUMP, fallback)
---@field rerun boolean? the step runs again on resume
---@field seen table<integer, any[]>? what each touched step's row was last published from (`send_state` sends only the changed ones)
---@field owed boolean? a publish waits for the show's thread to catch up
---@field send_owed fun() sends the state owed (`publish`)
local Run = {}
Run.__index = Run

--- A runner for `show`, not started.
---@param show showcall.Show
---@return showcall.Run
function M.new(show)
  local run = setmetatable({ show = show, channel = core.channel(show.name), status = "running", held = false, started = core.now() }, Run)
  run.send_owed = function()
    run.owed = false
    run:send_state()
  end
  return run
end


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

-- The tables a publish hands over, made once and filled again each time: the hub takes in what
-- they hold before `channel:publish` returns, so publishing makes no tables of its own (a
-- hundred shows starting at once would otherwise leave thousands of rows to the collector).
-- `ROWS[i]` is the row of a show's i-th step; `CHANGED` maps the changed steps' indices to them.
local ROWS, CHANGED = {}, {}

--- A step's fields as the page and the terminal show them (its run-sheet row), in `ROWS[i]`.
--- What the run sheet says of it (how it starts, its actions) follows from its declaration, so
--- it is made here, when the row is sent, rather than kept with every step while the show runs.
---@param i integer the step's index
---@param step table
---@param tz string? the show's zone
---@return table
local function step_row(i, step, tz)
  local spec, row = step.spec, ROWS[i] or { actions = {} }
  ROWS[i] = row
  row.name, row.status, row.planned, row.started = step.name, step.status, step.planned, step.started
  row.ended, row.error, row.scheduled, row.cue = step.ended, step.error, step.scheduled, M.prompt(step)
  row.start, row.kind = report.describe_start(step, tz), report.start_kind(step)
  report.sheet_actions(step, row.actions)
  row.at, row.after = spec.at and tostring(spec.at) or nil, spec.after
  return row
end

-- What a step's row depends on and can change while the show runs; the rest of the row follows
-- from the step's declaration, and `scheduled` is set once, before the first publish.
local LIVE = { "status", "planned", "started", "ended", "error" }

--- A step as declared, before the run touched it: pending, nothing planned, started or ended.
local function untouched(step)
  return step.status == "pending" and step.planned == nil and step.started == nil and step.ended == nil
    and step.error == nil
end

--- Whether `step`'s live fields differ from what `was` (a list in LIVE's order, or nil for
--- untouched) says they were when its row was last sent.
local function moved(step, was)
  if was == nil then return not untouched(step) end
  for k = 1, #LIVE do
    if step[LIVE[k]] ~= was[k] then return true end
  end
  return false
end

--- Publishes the show's state once the show's thread has caught up (`channel:when_caught_up`):
--- once for every change a turn made (a GO's event and its step's start), after the turn has
--- woken the journal's writer for the call the step makes, and before the GO is answered.
function Run:publish()
  if self.owed then return end
  self.owed = true
  self.channel:when_caught_up(self.send_owed)
end

--- Sends the show's state: its header in full (a dozen fields), and only the steps whose rows
--- changed since the last publish, so that an event costs the same in a show of 400 steps as
--- in one of 4 (the hub keeps the rest). What a step's row was last made from is kept in `seen`
--- only once the run has touched the step: a show waiting for its first cue keeps nothing per
--- step.
function Run:send_state()
  local now, changed = core.now(), CHANGED
  -- Emptied here, not after the call, so that a publish that raised leaves nothing behind.
  for i in pairs(changed) do changed[i] = nil end
  -- The first publish sends every row.
  local first, seen = self.seen == nil, self.seen or {}
  self.seen = seen
  for i, step in ipairs(self.show.steps) do
    if first or moved(step, seen[i]) then
      changed[i] = step_row(i, step, self.show.tz)
      if untouched(step) then
        seen[i] = nil
      else
        local was = seen[i] or {}
        for k = 1, #LIVE do was[k] = step[LIVE[k]] end
        seen[i] = was
      end
    end
  end
  local current = self.show.steps[self.current]
  -- The next step to start: the current one while it waits for its start, else the one after.
  local waiting = current and (current.status == "pending" or current.status == "cued")
  local upcoming = self.current and self.show.steps[waiting and self.current or self.current + 1]
  local cued = current and current.status == "cued"
  self.channel:publish({
    show = self.show.name, status = self.status, held = self.held, mode = core.mode(),
    current = current and current.name, current_status = current and current.status,
    next = upcoming and upcoming.name,
    next_at = self.next_at, countdown = self.next_at and math.max(0, self.next_at - now),
    elapsed = now - self.started, clock = now,
    -- Waiting for GO: the cue's prompt and since when; the show's display zone.
    cue = cued and M.prompt(current) or nil, cued_at = cued and current.cued_at or nil,
    tz = core.display_zone(), started = self.started,
  }, changed, #self.show.steps)
end

--- What a cued step asks the operator: its `cue` string, else its name; nil for no cue.
---@param step table
---@return string?
function M.prompt(step)
  local cue = step.spec.cue
  if not cue then return nil end
  return type(cue) == "string" and cue or step.name
end

--- Sets each step's place in the original schedule (`scheduled`): the plan as it stood when
--- the show started, against which a step is late or early (over/under, in Ontime's sense).
function Run:schedule()
  for i, time in ipairs(self.show:times()) do self.show.steps[i].scheduled = time end
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

--- Applies one command; returns a decision as `commands` does. Every command is answered to
--- its sender: obeyed, or ignored and why (`channel:answer`).
function Run:command(c, running)
  local cmd = c.command
  local current = self.show.steps[self.current]
  if cmd == "hold" and not self.held then
    self.held, self.hold_began = true, core.now()
    self.channel:answer(c.id)
    self:emit("hold", nil, "HOLD")
  elseif cmd == "resume" and self.held then
    self.held = false
    local paused = core.now() - self.hold_began
    if self.delay_deadline then self.delay_deadline = self.delay_deadline + paused end
    self.channel:answer(c.id)
    self:emit("resume", nil, ("RESUME after %.1fs"):format(paused))
  elseif cmd == "go" and self.held then
    self:ignore(c, "show is held", "GO ignored: the show is on HOLD (RESUME first)")
  elseif cmd == "go" and not running then
    self.channel:answer(c.id)
    self:emit("go", nil, "GO")
    return "go"
  elseif cmd == "go" then
    self:ignore(c, ("step '%s' is already running"):format(current and current.name or "?"))
  elseif cmd == "hold" then
    self:ignore(c, "show is already held")
  elseif cmd == "resume" then
    self:ignore(c, "show is not held")
  elseif cmd == "skip" or cmd == "abort" then
    self.channel:answer(c.id)
    return cmd
  elseif cmd == "jump" then
    local target = self.show.index[c.step]
    if target then
      self.channel:answer(c.id)
      return "jump", target
    end
    self:ignore(c, ("no step named '%s'"):format(c.step))
    self:emit("error", nil, ("JUMP: no step named '%s'"):format(c.step))
  end
end

--- Answers a command as ignored, and says so in the show's events.
function Run:ignore(c, why, text)
  self.channel:answer(c.id, why)
  self:emit("ignored", nil, text or ("%s ignored: %s"):format(c.command:upper(), why), { command = c.command, reason = why })
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
          step.status, step.cued_at = "cued", core.now()
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
  local name = report.action_name(a, i)
  local fn = type(a) == "table" and (a.fn or function()
    local fns = {}
    for j, b in ipairs(a.together) do fns[j] = function() return run_action(b, j, step, run) end end
    return sc.parallel(fns)
  end) or a
  local ok, result = pcall(fn)
  local text = ok and (result == nil and "ok" or tostring(result))
    or ("failed: " .. sc.error_located(result))
  if type(a) ~= "table" or not a.together then
    -- The first failure of the attempt, with its line: an error object crossing the step's
    -- task loses its `where`.
    if not ok and not step.failure then step.failure = sc.error_located(result) end
    step.results[#step.results + 1] = { action = name, result = text, time = core.now() }
    run:emit(ok and "action_done" or "action_failed", step, ("%s: %s"):format(name, text), { action = name, result = text })
  end
  if not ok then error(result, 0) end
  return result
end

local function run_actions(step, run)
  step.failure = nil
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
      if not ok then step.error = step.failure or sc.error_located(err) end
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
    elseif decision == "jump" and target == i and step.status ~= "running" then
      -- JUMP to the step that is waiting for its start: it starts now, nothing is skipped.
      self:emit("jump", step, ("JUMP to '%s'"):format(step.name))
      next_i, self.jumped = i, i
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

return M
