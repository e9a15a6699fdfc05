--- A show's watch (`show.new(name, {watch = 10})`): every period, the state of each output the
--- show has called is read from its platform and shown on the control page's outputs, so the
--- operator sees what the platform says, not only what the show last did. Each read goes
--- through its platform's client, whose rate limits it keeps; none is journaled.
local sc = require "showcall"

local M = {}

--- The longest a round of reads may take: a slow platform must not stack reads up.
local MAX_READ = 10

--- Starts watching the calling task's show; returns the task doing it, which the show cancels
--- when it ends.
---@param period number seconds between rounds
---@return showcall.task
function M.start(period)
  local outputs = require "showcall.outputs"
  outputs.watch()
  return sc.spawn(function()
    while true do
      sc.sleep(period)
      outputs.read(math.min(period, MAX_READ))
    end
  end)
end

return M
