-- The mixed platform operations of peers/mix.py (the same six calls, in the same order), through
-- `showcall run` with its journal: N operations, PARALLEL at a time (1: one after another),
-- timed after one of each has signed in everywhere, as the peers time after theirs. Prints the
-- seconds taken.
--   showcall run --journal FILE ops-mix.lua N PARALLEL
local sc = require "showcall"

local n, parallel = tonumber(arg[1]) or 1000, tonumber(arg[2]) or 1
local event = require("showcall.vbrick").event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
local convey = require("showcall.convey").event(1000001)
local meeting = require("showcall.webex").meeting("560d7b784f5143e3be2fc3064a5c4999")
local stream = require("showcall.zoom").webinar(68423085).livestream
local conference = require("showcall.huawei").conference("914044873")

---@type fun(i: integer)[]
local mix = {
  function() event:status() end,
  function() convey:status() end,
  function(i) if (i // 6) % 2 == 0 then meeting:lock() else meeting:unlock() end end,
  function() stream:status() end,
  function() conference:status() end,
  function() meeting:status() end,
}

for i = 0, #mix - 1 do mix[i + 1](i) end

local started, taken = sc.clock_ns(), 0
local function worker()
  while taken < n do
    local i = taken
    taken = i + 1
    mix[i % #mix + 1](i)
  end
end
if parallel == 1 then
  worker()
else
  local workers = {}
  for w = 1, parallel do workers[w] = worker end
  sc.parallel(workers)
end
print(("%.6f"):format((sc.clock_ns() - started) / 1e9))
