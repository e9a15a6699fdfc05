-- A hundred shows in one process: SHOWS shows of STEPS steps, each step one platform read (the
-- mix's reads, in turn), each show's steps GAP seconds apart and the shows' starts spread evenly
-- over one gap, so steps start at SHOWS / GAP a second. Step lateness is each step_started
-- entry of the journal against its planned time.
--   showcall run --journal FILE hundred-shows.lua SHOWS STEPS GAP
local sc = require "showcall"
local show = require "showcall.show"

local shows, steps, gap = tonumber(arg[1]) or 100, tonumber(arg[2]) or 40, tonumber(arg[3]) or 0.25
local event = require("showcall.vbrick").event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
local convey = require("showcall.convey").event(1000001)
local meeting = require("showcall.webex").meeting("560d7b784f5143e3be2fc3064a5c4999")
local stream = require("showcall.zoom").webinar(68423085).livestream
local conference = require("showcall.huawei").conference("914044873")

---@type fun()[]
local reads = {
  function() event:status() end,
  function() convey:status() end,
  function() stream:status() end,
  function() conference:status() end,
  function() meeting:status() end,
}
for _, read in ipairs(reads) do read() end -- every platform signed in before the clock starts

local start = sc.now() + 1
local runs = {}
for k = 1, shows do
  local s = show.new("show " .. k)
  for i = 1, steps do
    s:step("step " .. i, {
      at = start + (k - 1) * gap / shows + (i - 1) * gap,
      run = reads[(k + i) % #reads + 1],
    })
  end
  runs[k] = function() s:run() end
end
sc.parallel(runs)
