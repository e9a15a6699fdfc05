--- How a show reads for people: the plan `showcall plan` prints, the timeline a rehearsal
--- ends with, and the names and start conditions both use.
local core = require "showcall.core"

local M = {}

-- What a step that has not started has done: nothing (its `results` is made when it starts).
local NO_RESULTS = {}
-- The parts of a start condition in words, reused by every `describe_start` (left empty).
local PARTS = {}

--- A moment in the show's zone ("09:50:00 EST", dated when not on the day of `today`,
--- default now), or "-".
---@param t number?
---@param today number?
---@return string
function M.clock(t, today) return t and core.clock_text(t, today) or "-" end

--- What an action is called in timelines and events.
---@param a table|function the action: `show.action`, `show.together` or a plain function
---@param i integer its position in the step
---@return string
function M.action_name(a, i)
  if type(a) == "table" then
    if a.together then
      local names = {}
      for j, b in ipairs(a.together) do names[j] = M.action_name(b, j) end
      return "together(" .. table.concat(names, ", ") .. ")"
    end
    return a.name or ("action " .. i)
  end
  return "action " .. i
end

--- A step's start condition, in words.
---@param step table
---@param show_tz string? the show's zone, for clock times that name none
---@return string
function M.describe_start(step, show_tz)
  local s, parts = step.spec, PARTS
  if s.at then parts[#parts + 1] = "at " .. tostring(s.at) .. ((s.tz or show_tz) and (" " .. (s.tz or show_tz)) or "") end
  if s.after then parts[#parts + 1] = ("%gs after previous"):format(s.after) end
  if s.cue then parts[#parts + 1] = "cue" .. (type(s.cue) == "string" and (" '" .. s.cue .. "'") or "") end
  if s.wait_for then parts[#parts + 1] = "when condition holds" end
  if #parts == 0 then parts[1] = "right after previous" end
  local text = table.concat(parts, ", ")
  for i = #parts, 1, -1 do parts[i] = nil end
  return text
end


--- Prints the plan of a show (its rows from `show:plan()`).
---@param self showcall.Show
function M.print_plan(self)
  -- `showcall plan --html FILE` collects each show's run sheet.
  if package.preload["showcall.runsheet"] then require("showcall.runsheet").add(M.sheet(self)) end
  print(("Show '%s': %d steps (planned times in %s; actions take no time in a plan)"):format(self.name, #self.steps, core.display_zone()))
  for i, row in ipairs(self:plan()) do
    local step = row.step
    local names = {}
    for j, a in ipairs(step.actions) do names[j] = M.action_name(a, j) end
    local extra = {}
    if step.spec.guard then extra[#extra + 1] = "guarded" end
    if step.policy ~= "abort" then
      extra[#extra + 1] = "on failure: " .. step.policy .. (step.spec.fallback and (" " .. step.spec.fallback) or "")
    end
    if step.spec.cleanup then extra[#extra + 1] = "cleanup" end
    print(("%3d  %-24s %-12s  %-32s %s%s"):format(i, step.name, M.clock(row.time), row.start,
      table.concat(names, "; "), #extra > 0 and ("  [" .. table.concat(extra, ", ") .. "]") or ""))
  end
end

--- How a step starts, for the run sheet: "clock" (at a time of day), "cue" (on the operator's
--- GO) or "relative" (after the previous step).
---@param step table
---@return "clock"|"cue"|"relative"
function M.start_kind(step)
  if step.spec.cue then return "cue" end
  if step.spec.at then return "clock" end
  return "relative"
end

--- A step's actions for the run sheet, in order: a name each, and for `show.together` the
--- names that run at once, as lanes. With `out`, fills that list again in place, reusing its
--- tables (what a publish hands over and takes back at once), and answers it.
---@param step table
---@param out? {name: string, lanes?: string[]}[]
---@return {name: string, lanes?: string[]}[]
function M.sheet_actions(step, out)
  out = out or {}
  local last = 0
  for i, a in ipairs(step.actions) do
    local entry = out[i] or {}
    out[i], last = entry, i
    if type(a) == "table" and a.together then
      local lanes, count = entry.lanes or {}, 0
      for j, b in ipairs(a.together) do
        lanes[j], count = M.action_name(b, j), j
      end
      for j = #lanes, count + 1, -1 do lanes[j] = nil end
      entry.name, entry.lanes = "together", lanes
    else
      entry.name, entry.lanes = M.action_name(a, i), nil
    end
  end
  for k = #out, last + 1, -1 do out[k] = nil end
  return out
end

--- The show as a run sheet reads it (`showcall plan --html`): each step with its planned time,
--- how it starts, its cue's prompt, its actions and lanes, its policy.
---@param self showcall.Show
---@return table
function M.sheet(self)
  local steps = {}
  for i, row in ipairs(self:plan()) do
    local step = row.step
    local cue = step.spec.cue
    steps[i] = {
      name = step.name, scheduled = row.time, start = row.start, kind = M.start_kind(step),
      at = step.spec.at and tostring(step.spec.at) or nil, after = step.spec.after,
      cue = cue and (type(cue) == "string" and cue or step.name) or nil,
      actions = M.sheet_actions(step), guarded = step.spec.guard and true or nil,
      on_failure = step.policy ~= "abort" and (step.policy .. (step.spec.fallback and (" " .. step.spec.fallback) or "")) or nil,
    }
  end
  return { show = self.name, tz = core.display_zone(), steps = steps }
end

--- What happened to each step of a show, as data (`showcall run --rehearse --json`): planned
--- and actual times (seconds since 1970), status, the actions' results.
---@param self showcall.Show
---@return table
function M.timeline(self)
  local steps = {}
  for i, step in ipairs(self.steps) do
    local results = {}
    for j, r in ipairs(step.results or NO_RESULTS) do results[j] = { action = r.action, result = r.result } end
    steps[i] = { name = step.name, planned = step.planned, started = step.started, status = step.status,
      results = results, note = step.note, error = step.error }
  end
  return { show = self.name, tz = core.display_zone(), steps = steps }
end

--- Prints what happened to each step of a show: planned and actual times, status, results.
---@param self showcall.Show
function M.print_timeline(self)
  -- `showcall run --rehearse --json` collects each show's timeline.
  if package.preload["showcall.timeline"] then require("showcall.timeline").add(M.timeline(self)) end
  print(("\nTimeline of '%s'"):format(self.name))
  print(("%-24s %-12s %-12s %-8s %s"):format("STEP", "PLANNED", "ACTUAL", "STATUS", "ACTIONS"))
  -- The show's day is the day of its first step: a show that runs past midnight dates the rest.
  local day
  for _, step in ipairs(self.steps) do day = day or step.planned or step.started end
  for _, step in ipairs(self.steps) do
    local results = {}
    for j, r in ipairs(step.results or NO_RESULTS) do results[j] = r.action .. ": " .. r.result end
    if step.note then results[#results + 1] = "(" .. step.note .. ")" end
    if step.error and #(step.results or NO_RESULTS) == 0 then results[#results + 1] = step.error end
    print(("%-24s %-12s %-12s %-8s %s"):format(step.name, M.clock(step.planned, day), M.clock(step.started, day),
      step.status, table.concat(results, "; ")))
  end
end

return M
