-- A sound show: `showcall check` finds nothing in it.
local sc = require "showcall"
local show = require "showcall.show"
local countdown = require "showcall.countdown"
local vbrick = require "showcall.vbrick"
local zoom = require "showcall.zoom"

local ev = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
local webinar = zoom.webinar(68423085)

local s = show.new("evening", { tz = "Europe/Paris", cleanup = function() sc.log.info("done") end })
s:step("doors", { at = "19:30", skip_if_past = true, run = show.action("webcast", function()
  return ev:status()
end) })
s:step("countdown", { after = "5m", run = function()
  countdown.run(sc.now() + 60, { label = "live", marks = { 30, 10 } })
end })
s:step("live", { cue = "Presenter ready", on_failure = "retry", retries = 2, backoff = "10s", actions = {
  show.together { function() ev.broadcast:start() end, function() webinar.livestream:start() end },
} })
s:step("off", { after = "1h30m", cue = true, cleanup = function() webinar.livestream:stop() end,
  run = function() ev.broadcast:stop() end })
for i = 1, #arg do sc.log.info(arg[i]) end
s:run()
