--- How a show reads for people: the plan `showcall plan` prints, the timeline a rehearsal
--- ends with, and the names and start conditions both use.
local core = require "showcall.core"

local M = {}

--- "HH:MM:SS" of a moment, or "-".
---@param t number?
---@return string
function M.clock(t) return t and core.timestamp(t):sub(1, 8) or "-" end

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
  local s, parts = step.spec, {}
  if s.at then parts[#parts + 1] = "at " .. tostring(s.at) .. ((s.tz or show_tz) and (" " .. (s.tz or show_tz)) or "") end
  if s.after then parts[#parts + 1] = ("%gs after previous"):format(s.after) end
  if s.cue then parts[#parts + 1] = "cue" .. (type(s.cue) == "string" and (" '" .. s.cue .. "'") or "") end
  if s.wait_for then parts[#parts + 1] = "when condition holds" end
  if #parts == 0 then parts[1] = "right after previous" end
  return table.concat(parts, ", ")
end


--- Prints the plan of a show (its rows from `show:plan()`).
---@param self showcall.Show
function M.print_plan(self)
  print(("Show '%s': %d steps (planned times in %s; actions take no time in a plan)"):format(self.name, #self.steps, core.zone()))
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
    print(("%3d  %-24s %s  %-32s %s%s"):format(i, step.name, M.clock(row.time), row.start,
      table.concat(names, "; "), #extra > 0 and ("  [" .. table.concat(extra, ", ") .. "]") or ""))
  end
end

--- Prints what happened to each step of a show: planned and actual times, status, results.
---@param self showcall.Show
function M.print_timeline(self)
  print(("\nTimeline of '%s'"):format(self.name))
  print(("%-24s %-8s %-8s %-8s %s"):format("STEP", "PLANNED", "ACTUAL", "STATUS", "ACTIONS"))
  for _, step in ipairs(self.steps) do
    local results = {}
    for j, r in ipairs(step.results) do results[j] = r.action .. ": " .. r.result end
    if step.note then results[#results + 1] = "(" .. step.note .. ")" end
    if step.error and #step.results == 0 then results[#results + 1] = step.error end
    print(("%-24s %-8s %-8s %-8s %s"):format(step.name, M.clock(step.planned), M.clock(step.started),
      step.status, table.concat(results, "; ")))
  end
end

return M
