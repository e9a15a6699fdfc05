-- A one-hour, multi-platform town hall at noon, New York time: Vbrick Rev is the webcast of
-- record; Zoom, Webex and Huawei carry it to other audiences. Pre-production at 11:45, live on
-- the director's GO at 12:00, a recording break mid-show, off air at 13:00. Try:
--   showcall plan scripts/shows/town-hall.lua
--   showcall run --rehearse scripts/shows/town-hall.lua
--   showcall run --profile production --control 8787 scripts/shows/town-hall.lua
-- and, from another terminal, scripts/shows/panic.lua to stop everything at once.
-- Only Vbrick is essential: if a secondary output fails, the operator is told and the show goes
-- on without it. Whatever happens (ABORT included), the show's cleanup leaves every output off.
local sc = require "showcall"
local show = require "showcall.show"
local vbrick = require "showcall.vbrick"
local zoom = require "showcall.zoom"
local webex = require "showcall.webex"
local huawei = require "showcall.huawei"

local webcast = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c") -- auto recording on
local webinar = zoom.webinar(68423085)
local meeting = webex.meeting("560d7b784f5143e3be2fc3064a5c4999")
local conference = huawei.conference("914044873") -- host password from the profile

-- Rev statuses in which the webcast is on air (as its status call names them).
local ON_AIR = { Broadcasting = true, Recording = true, RecordingStarting = true, RecordingStopping = true }

-- Zoom cannot be asked whether its live stream is live: the show remembers what it did.
local zoom_live = false

--- Runs `fn`; if it fails, tells the operator and carries on (for outputs the show can lose).
local function optional(what, fn)
  return function()
    local ok, result = pcall(fn)
    if ok then return result end
    sc.log.error(("%s failed, carrying on without it: %s"):format(what, tostring(result)))
    return "FAILED, operator told"
  end
end

--- Stops an output unless it says it is off already, so a stop after a panic, or in an abort
--- that came before go-live, reads "already off" instead of failing. `is_on` returns true,
--- false, or nil when it cannot tell (then the stop is sent anyway); `already(err)` says
--- whether the stop's error means it was off.
local function turn_off(is_on, stop, already)
  if is_on then
    local ok, on = pcall(is_on)
    if ok and on == false then return "already off" end
  end
  local ok, err = pcall(stop)
  if ok then return "off" end
  if already and already(err) then return "already off" end
  error(err, 0)
end

--- The webcast's way back to off: ending pre-production keeps it startable (nobody saw it);
--- a webcast that went live is ended for good.
local function vbrick_off()
  local st = webcast:status()
  if st.status == "Scheduled" or st.status == "Completed" then return "already off" end
  if st.isPreProduction then
    webcast:stop { pre_production = true }
    return "pre-production ended"
  end
  if ON_AIR[st.status] then webcast.broadcast:stop() end
  webcast:stop()
  return "ended"
end

local outputs = {
  { "vbrick webcast", vbrick_off },
  { "zoom live stream", function()
    -- Always stopped (a start cancelled by ABORT may have gone through); "not started" is off.
    local text = turn_off(nil, function() webinar.livestream:stop() end, function(err)
      return err.status == 400 and tostring(err.message):find("not started", 1, true) ~= nil
    end)
    zoom_live = false
    return text
  end },
  { "webex recording", function()
    return turn_off(function() return meeting:status().recordingStarted end, function() meeting.record:stop() end)
  end },
  { "huawei live", function()
    return turn_off(function() return conference:status().confInfo.isLive == 1 end,
      function() conference.livestream:stop() end)
  end },
}

--- Turns every output off at once, each on its own: one failing never cancels the others.
--- Returns the names of those that may still be on.
local function all_off()
  local fns, failed = {}, {}
  for i, o in ipairs(outputs) do
    local name, off = o[1], o[2]
    fns[i] = function()
      local ok, r = pcall(off)
      if ok then
        sc.log.info(("%s: %s"):format(name, r))
      else
        failed[#failed + 1] = name
        sc.log.error(("%s: could not turn it off: %s"):format(name, tostring(r)))
      end
    end
  end
  sc.parallel(fns)
  return failed
end

local s = show.new("Town hall", { tz = "America/New_York", cleanup = function()
  -- Runs after every ending, ABORT included; after a normal end everything reads "already off".
  local failed = all_off()
  if #failed > 0 then sc.log.error("STILL ON, check by hand: " .. table.concat(failed, "; ")) end
end })

-- Reads only, each on its own: a problem found here leaves a quarter of an hour to fix it.
s:step("preflight", { at = "11:40", run = show.together {
  show.action("webex meeting", optional("webex meeting check", function()
    local d = meeting:details()
    if d.state ~= "inProgress" then sc.log.warn("webex meeting is " .. tostring(d.state) .. ", not in progress yet") end
    return d.state
  end)),
  show.action("zoom stream target", optional("zoom stream target check", function()
    local cfg = webinar.livestream:status()
    if cfg.stream_url == nil or cfg.stream_url == sc.null or cfg.stream_url == "" then
      sc.log.warn("zoom live stream has no stream URL configured")
    end
    return cfg.stream_url
  end)),
  show.action("huawei conference", optional("huawei conference check", function()
    return conference:status().confInfo.confState
  end)),
} })

s:step("pre-production", { at = "11:45", run = show.action("vbrick pre-production", function()
  webcast:start { pre_production = true }
  return webcast:status().status
end) })

-- The webcast of record first, then the other outputs together.
s:step("go-live", { at = "12:00", cue = "Presenter ready: GO to go live on every platform", actions = {
  show.action("vbrick live", function()
    webcast:start() -- leaves pre-production for the real event
    webcast.broadcast:start()
    return webcast:status().status
  end),
  show.together {
    show.action("zoom live stream", optional("zoom live stream", function()
      webinar.livestream:start { display_name = "Town Hall", active_speaker_name = true }
      zoom_live = true
      return "live"
    end)),
    show.action("webex recording", optional("webex recording", function()
      meeting.record:start()
      return "recording"
    end)),
    show.action("huawei live", optional("huawei live", function()
      conference.livestream:start()
      return "live"
    end)),
  },
} })

-- A failed pause or resume must not end the show: it only affects the Webex recording.
s:step("break", { after = 25 * 60, cue = "Break: GO to pause the Webex recording", on_failure = "continue",
  run = show.action("webex pause", function()
    local c = meeting.record:pause()
    return c.recordingPaused and "paused" or "not paused"
  end) })

s:step("back", { after = 10 * 60, cue = "Back from break: GO to resume the Webex recording", on_failure = "continue",
  run = show.action("webex resume", function()
    local c = meeting.record:resume()
    return c.recordingPaused and "still paused" or "recording"
  end) })

s:step("off-air", { at = "13:00", cue = "Closing remarks done: GO to go off air",
  run = show.action("all off", function()
    local failed = all_off()
    if #failed > 0 then error("still on: " .. table.concat(failed, "; "), 0) end
    return "every output off"
  end) })

local status = s:run()
if status == "planned" then return end -- `showcall plan`: nothing ran

-- The end state as the platforms report it (Zoom's live state is the show's own record).
local st = webcast:status()
local rec = meeting:status()
print(("\nEnd state: vbrick %s%s; zoom live stream %s; webex recording %s; huawei live %s"):format(
  st.status, st.isPreProduction and " (pre-production)" or "",
  zoom_live and "ON" or "off",
  rec.recordingStarted and (rec.recordingPaused and "PAUSED" or "ON") or "off",
  conference:status().confInfo.isLive == 1 and "ON" or "off"))

-- An aborted show is a failed run (exit status 1), after its cleanup and the end state above.
if status ~= "done" then error("show " .. status, 0) end
