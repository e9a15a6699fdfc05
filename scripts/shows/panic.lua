-- STOP EVERYTHING NOW: stops, all at once, every broadcast, recording and live stream of the
-- town hall, each on its own (one that fails never keeps the others from stopping), then
-- prints what it did and exits 1 if anything may still be on. Safe to run twice: what is
-- already off is reported as such. Mid-show, from another terminal, against the show's
-- platforms (without a profile it would stop the copies in its own embedded simulator):
--   showcall run --profile production scripts/shows/panic.lua
-- Vbrick webcasts stop broadcasting but are not ended, so they can go back on air.
local sc = require "showcall"
local vbrick = require "showcall.vbrick"
local zoom = require "showcall.zoom"
local webex = require "showcall.webex"
local huawei = require "showcall.huawei"

local VBRICK_EVENTS = {
  { id = "6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c" },                          -- the town hall
  { id = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", manual_recording = true }, -- disableAutoRecording
}
local ZOOM_WEBINARS = { 68423085 }
local WEBEX_MEETINGS = { "560d7b784f5143e3be2fc3064a5c4999" }
local HUAWEI_CONFERENCES = { "914044873" }

-- A panic must not wait out the default 30 s per call, nor long for any one thing.
local T = { timeout = 10 }
local LIMIT = 20 -- seconds for each thing, every call included

-- Rev statuses (from its status call) in which a webcast is on air, and recording.
local ON_AIR = { Broadcasting = true, Recording = true, RecordingStarting = true, RecordingStopping = true }
local RECORDING = { Recording = true, RecordingStarting = true }

--- One thing to stop: `stop()` stops it; `is_on()`, if given, says whether it is on;
--- `ask_first` when its stop succeeds on something off too (then only asking first tells
--- "already stopped" apart); `already(err)`, if given, says whether a stop's error means it
--- was off. Returns "stopped" or "already stopped", or raises the stop's error.
local function stop_one(t)
  local asked, on
  if t.ask_first then
    asked, on = pcall(t.is_on)
    if asked and on == false then return "already stopped" end
  end
  local ok, err = pcall(t.stop)
  if ok then return "stopped" end
  if t.already and t.already(err) then return "already stopped" end
  -- Refused because it is off, or it went off meanwhile (the show's own stop, another
  -- operator); not worth asking again if asking already failed.
  if t.is_on and (asked or not t.ask_first) then
    asked, on = pcall(t.is_on)
    if asked and on == false then return "already stopped" end
  end
  error(err, 0)
end

local targets = {}

local function add(name, t)
  t.name = name
  targets[#targets + 1] = t
end

--- A Rev webcast: a manual recording first (Rev records only while broadcasting), then the
--- broadcast, whose stop also stops an automatic recording. One row, both outcomes. Rev
--- refuses to stop what is not on, so each stop is sent at once and asked about only if refused.
local function vbrick_webcast(ev, manual_recording)
  local function status() return ev:status(T).status end
  local recording = {
    is_on = function() return RECORDING[status()] == true end,
    stop = function() ev.record:stop(T) end,
  }
  local broadcast = {
    is_on = function() return ON_AIR[status()] == true end,
    stop = function() ev.broadcast:stop(T) end,
  }
  return function()
    local texts, errors = {}, {}
    if manual_recording then
      local ok, r = pcall(stop_one, recording)
      texts[#texts + 1] = "recording " .. (ok and r or "FAILED")
      if not ok then errors[#errors + 1] = tostring(r) end
    end
    local ok, r = pcall(stop_one, broadcast)
    texts[#texts + 1] = "broadcast " .. (ok and r or "FAILED")
    if not ok then errors[#errors + 1] = tostring(r) end
    local text = table.concat(texts, ", ")
    if #errors > 0 then error(text .. ": " .. table.concat(errors, "; "), 0) end
    return text
  end
end

for _, e in ipairs(VBRICK_EVENTS) do
  add("vbrick " .. e.id, { run = vbrick_webcast(vbrick.event(e.id), e.manual_recording) })
end

for _, id in ipairs(ZOOM_WEBINARS) do
  local w = zoom.webinar(id)
  add("zoom " .. id .. " live stream", {
    -- Zoom cannot say whether a live stream is live: stop it and read its answer.
    stop = function() w.livestream:stop(T) end,
    already = function(err) return err.status == 400 and tostring(err.message):find("not started", 1, true) ~= nil end,
  })
end

for _, id in ipairs(WEBEX_MEETINGS) do
  local m = webex.meeting(id)
  add("webex " .. id .. " recording", {
    ask_first = true,
    is_on = function() return m:status(T).recordingStarted end,
    stop = function() m.record:stop(T) end,
  })
end

for _, id in ipairs(HUAWEI_CONFERENCES) do
  local c = huawei.conference(id)
  add("huawei " .. id .. " live", {
    ask_first = true,
    is_on = function() return c:status(T).confInfo.isLive == 1 end,
    stop = function() c.livestream:stop(T) end,
  })
end

-- Every stop in a task of its own, reported as soon as it is done; none raises, so none
-- cancels another.
local fns = {}
for i, t in ipairs(targets) do
  fns[i] = function()
    local ok, r = pcall(sc.timeout, LIMIT, function() return (t.run or stop_one)(t) end)
    local result = { ok = ok, text = ok and r or ("FAILED: " .. tostring(r)) }
    print(("  %s: %s"):format(t.name, ok and r or "FAILED"))
    return result
  end
end
local results = sc.parallel(fns)

local failed = 0
local width = 0
for _, t in ipairs(targets) do width = math.max(width, #t.name) end
print(("\n%-" .. width .. "s  %s"):format("WHAT", "RESULT"))
for i, t in ipairs(targets) do
  print(("%-" .. width .. "s  %s"):format(t.name, results[i].text))
  if not results[i].ok then failed = failed + 1 end
end
if failed > 0 then
  print(("\n%d of %d FAILED: check them by hand"):format(failed, #targets))
  os.exit(1)
end
print(("\nAll %d stopped or already stopped"):format(#targets))
