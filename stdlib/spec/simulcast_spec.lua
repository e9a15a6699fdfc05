-- Against the simulator's seed: Vbrick webcast scheduled, Zoom webinar 68423085 with its live
-- stream configured, Webex meeting in progress, Huawei conference 914044873 started.
local sim = require "showcall.sim"
local simulcast = require "showcall.simulcast"
local vbrick = require "showcall.vbrick"
local zoom = require "showcall.zoom"
local webex = require "showcall.webex"
local huawei = require "showcall.huawei"

local event = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
local webinar = zoom.webinar(68423085)
local meeting = webex.meeting("560d7b784f5143e3be2fc3064a5c4999")
local conference = huawei.conference("914044873")

-- Rev statuses in which the webcast is on air (the seed's records automatically).
local function on_air(ev)
  local status = ev:status().status
  return status == "Broadcasting" or status == "Recording"
end

local function outputs()
  return { simulcast.vbrick(event), simulcast.zoom(webinar, { display_name = "Town Hall" }),
    simulcast.webex(meeting), simulcast.huawei(conference) }
end

describe("simulcast", function()
  before_each(function() sim.reset() end)

  it("starts every output together and stops them again", function()
    local cast = simulcast.new("Town hall", outputs())
    local report = cast:start()
    expect(#report.started).to_be(4)
    expect(#report.failed).to_be(0)
    expect(on_air(event)).to_be(true)
    expect(meeting:status().recordingStarted).to_be(true)
    expect(conference:status().confInfo.isLive).to_be(1)
    assert.same({ "vbrick event 6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c broadcast", "zoom webinar 68423085 live stream",
      "webex meeting 560d7b784f5143e3be2fc3064a5c4999 recording", "huawei conference 914044873 live broadcast" }, cast:on_air())

    expect(#cast:stop()).to_be(4)
    expect(meeting:status().recordingStarted).to_be(false)
    expect(conference:status().confInfo.isLive).to_be(0)
    expect(on_air(event)).to_be(false)
    expect(#cast:on_air()).to_be(0)
  end)

  it("rolls back the outputs that started when one fails, and says which failed and why", function()
    sim.faults("zoom/*/livestream/status:error=1:500")
    local cast = simulcast.new("Town hall", outputs())
    local ok, err = pcall(cast.start, cast)
    expect(ok).to_be(false)
    expect(tostring(err)).to_match("did not start: zoom webinar 68423085 live stream: .*HTTP 500")
    expect(#err.failed).to_be(1)
    expect(err.failed[1].name).to_be("zoom webinar 68423085 live stream")
    expect(#err.rolled_back).to_be(3)
    expect(#err.still_on).to_be(0)
    -- Everything that went on is off again.
    expect(#cast:on_air()).to_be(0)
    expect(meeting:status().recordingStarted).to_be(false)
    expect(conference:status().confInfo.isLive).to_be(0)
    expect(on_air(event)).to_be(false)

    -- Once the fault is gone, the same cast starts.
    sim.faults()
    expect(#cast:start().started).to_be(4)
    cast:stop()
  end)

  it("rolls back when a platform refuses the start (no live stream configured)", function()
    local cast = simulcast.new("Town hall", { simulcast.huawei(conference), simulcast.zoom(zoom.webinar(68423086)) })
    local ok, err = pcall(cast.start, cast)
    expect(ok).to_be(false)
    assert.same({ "huawei conference 914044873 live broadcast" }, err.rolled_back)
    expect(conference:status().confInfo.isLive).to_be(0)
  end)

  it("reports an optional output that fails, without rolling back", function()
    sim.faults("huawei:error=1:500")
    local cast = simulcast.new("Town hall", { simulcast.webex(meeting), simulcast.huawei(conference, { optional = true }) })
    local report = cast:start()
    assert.same({ "webex meeting 560d7b784f5143e3be2fc3064a5c4999 recording" }, report.started)
    expect(report.failed[1].name).to_be("huawei conference 914044873 live broadcast")
    expect(report.failed[1].optional).to_be(true)
    expect(meeting:status().recordingStarted).to_be(true)
    cast:stop()
  end)

  it("raises naming the outputs it could not stop, and keeps them as on", function()
    local cast = simulcast.new("Town hall", { simulcast.webex(meeting), simulcast.huawei(conference) })
    cast:start()
    sim.faults("huawei:error=1:500")
    local ok, err = pcall(cast.stop, cast)
    expect(ok).to_be(false)
    expect(tostring(err)).to_match("STILL ON, could not stop: huawei conference 914044873 live broadcast")
    assert.same({ "huawei conference 914044873 live broadcast" }, cast:on_air())
    sim.faults()
    assert.same({ "huawei conference 914044873 live broadcast" }, cast:stop())
  end)

  it("checks its outputs", function()
    expect(function() simulcast.new("x", {}) end).to_error("non%-empty list")
    expect(function() simulcast.new("x", { { name = "a", start = print } }) end).to_error("needs name")
    expect(function() simulcast.new("x", { { name = "a", start = print, stop = print, stpo = 1 } }) end)
      .to_error("unknown field 'stpo'")
  end)
end)
