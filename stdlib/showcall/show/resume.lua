--- Where a resumed show picks up, and what it keeps, from what the journal says of it (see
--- `core.resume_state`).
local M = {}

--- Where a resumed show picks up, from what the journal says of its cursor step (see
--- `core.resume_state`): the step's index and how to enter it, or nil and "aborted".
---@param show table
---@param r table
---@return integer|nil, string
function M.point(show, r)
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
---@param run showcall.Run
---@param r table
---@param first integer
function M.restore(run, r, first)
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

return M
