-- The show the crash test kills and resumes (scripts/crash/crash-test): twenty steps over all
-- five platforms, a tenth of a second apart, each changing state; at the end every output is
-- off. Each state-changing call is made once, so the simulator's request log must show each
-- exactly once however often the run is killed and resumed.
local show = require "showcall.show"
local vbrick = require "showcall.vbrick"
local convey = require "showcall.convey"
local webex = require "showcall.webex"
local zoom = require "showcall.zoom"
local huawei = require "showcall.huawei"

local gap = tonumber(arg and arg[1]) or 0.1
local auto = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")   -- auto recording
local manual = vbrick.event("8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d") -- manual recording
local event = convey.event(1000001)
local meeting = webex.meeting("560d7b784f5143e3be2fc3064a5c4999")
local stream = zoom.webinar(68423085).livestream
local conference = huawei.conference("914044873")

local s = show.new("Crash test")
local function step(name, ...)
  local actions = { ... }
  s:step(name, { after = gap, actions = actions })
end

step("auto pre-production", function() auto:start { pre_production = true } end)
step("manual pre-production", function() manual:start { pre_production = true } end)
step("convey duration", function() event:update { scheduled_duration = 90 } end)
step("auto live", function() auto:start() end)
step("auto broadcast", function() auto.broadcast:start() end)
step("manual live", function() manual:start() end)
step("manual broadcast", function() manual.broadcast:start() end)
step("manual record", function() manual.record:start() end)
step("zoom live", function() stream:start { display_name = "Crash test" } end)
step("webex record", function() meeting.record:start() end)
step("huawei live", function() conference.livestream:start() end)
step("webex pause", function() meeting.record:pause() end)
step("webex lock", function() meeting:lock() end)
step("webex resume", function() meeting.record:resume() end)
step("manual record off", function() manual.record:stop() end)
step("webex unlock", function() meeting:unlock() end)
step("zoom off", function() stream:stop() end)
step("huawei off", function() conference.livestream:stop() end)
step("webex record off", function() meeting.record:stop() end)
step("all vbrick off",
  function() auto.broadcast:stop() end, function() auto:stop() end,
  function() manual.broadcast:stop() end, function() manual:stop() end)

local status = s:run()
print(status)
if status ~= "done" then error("show " .. status, 0) end
