--- Wake-up lateness on the real clock (engine-bench): 1,000 tasks each sleep to a deadline of
--- its own, spread over two seconds, five rounds. Returns every wake-up's lateness in
--- nanoseconds.
local sc = require "showcall"

local late = {}
for _ = 1, 5 do
  local tasks = {}
  local start = sc.clock_ns() + 50000000
  for i = 1, 1000 do
    local target = start + i * 2000000 + (i * 7919 % 1000000)
    tasks[i] = sc.spawn(function()
      local wait = target - sc.clock_ns()
      sc.sleep(wait / 1e9)
      late[#late + 1] = sc.clock_ns() - target
    end)
  end
  for i = 1, 1000 do sc.join(tasks[i]) end
end
return late
