-- {{title}}: a show from `showcall new`. Against the embedded simulator as written:
--   showcall plan show.lua
--   showcall run --rehearse show.lua
-- For the real thing, put your own ids below and run with --profile NAME (see ShowCall's README).
local sc = require "showcall"
local show = require "showcall.show"
local countdown = require "showcall.countdown"
local zoom = require "showcall.zoom"
local stream = require "stream" -- lib/stream.lua

local webinar = zoom.webinar(68423085) -- the simulator's seeded webinar

local s = show.new("{{title}}", { cleanup = function()
  -- Runs however the show ends, ABORT included.
  sc.log.info("live stream: " .. stream.off(webinar))
end })

s:step("check", { run = show.action("zoom webinar", function()
  return webinar:status().status
end) })

s:step("countdown", { after = 5, run = show.action("count down to go-live", function()
  countdown.run(sc.now() + 60, { label = "live", marks = { 30, 10 } })
end) })

s:step("go-live", { cue = "Presenter ready: GO to go live", run = show.action("live stream", function()
  return stream.on(webinar)
end) })

s:step("off-air", { after = 30 * 60, cue = "GO to go off air", run = show.action("live stream", function()
  return stream.off(webinar)
end) })

local status = s:run()
if status == "aborted" then error("show aborted", 0) end
