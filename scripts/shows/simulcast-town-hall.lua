-- The town hall as one simulcast, built from the stdlib's parts: a preflight at 11:00 (NO-GO
-- stops the show while there is time to fix things), a countdown logged from 11:50, every
-- output on at GO together (if Vbrick or Zoom fails, what started is stopped again), and the
-- desk's Slack channel told of every failure when SLACK_WEBHOOK is set. Try:
--   showcall run --rehearse scripts/shows/simulcast-town-hall.lua
--   SLACK_WEBHOOK=https://hooks.slack.com/services/... showcall run --profile production scripts/shows/simulcast-town-hall.lua
local show = require "showcall.show"
local preflight = require "showcall.preflight"
local simulcast = require "showcall.simulcast"
local countdown = require "showcall.countdown"
local notify = require "showcall.notify"
local vbrick = require "showcall.vbrick"
local zoom = require "showcall.zoom"
local webex = require "showcall.webex"
local huawei = require "showcall.huawei"

local TZ = "America/New_York"
local webcast = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
local webinar = zoom.webinar(68423085)
local meeting = webex.meeting("560d7b784f5143e3be2fc3064a5c4999")
local conference = huawei.conference("914044873")

local checks = preflight.new("Town hall")
checks:status(webcast, { status = "Scheduled" })
checks:status(webinar.livestream, { stream_url = preflight.present })
checks:status(meeting, { state = "inProgress" }, { call = "details" })
checks:status(conference, { ["confInfo.confState"] = "Created" }, { optional = true })

-- Vbrick and Zoom carry the show; Webex and Huawei it can lose.
local cast = simulcast.new("Town hall", {
  simulcast.vbrick(webcast),
  simulcast.zoom(webinar, { display_name = "Town Hall" }),
  simulcast.webex(meeting, { optional = true }),
  simulcast.huawei(conference, { optional = true }),
})

local s = show.new("Town hall", { tz = TZ, cleanup = function()
  -- However the show ends: every output off (a failure here is logged by simulcast).
  pcall(cast.stop, cast)
end })

local webhook = os.getenv("SLACK_WEBHOOK")
if webhook then
  notify.webhook(webhook, { prefix = "[Town hall] " }):watch(s, { steps = { "preflight", "go-live", "off-air" } })
end

s:step("preflight", { at = "11:00", run = checks:action() })

s:step("countdown", { at = "11:50", run = show.action("count down to noon", function()
  countdown.run("12:00", { tz = TZ, label = "go-live", marks = { 600, 300, 60, 10 } })
end) })

s:step("go-live", { cue = "Presenter ready: GO to go live everywhere", run = show.action("simulcast on", function()
  local report = cast:start()
  return table.concat(report.started, ", ")
end) })

s:step("off-air", { at = "13:00", cue = "GO to go off air", run = show.action("simulcast off", function()
  local stopped = cast:stop()
  webcast:stop() -- the simulcast leaves the Rev webcast started; the show ends it
  return #stopped .. " outputs off, webcast ended"
end) })

local status = s:run()
if status == "aborted" then error("show aborted", 0) end
