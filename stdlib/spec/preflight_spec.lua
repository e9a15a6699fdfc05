local sim = require "showcall.sim"
local preflight = require "showcall.preflight"
local vbrick = require "showcall.vbrick"
local zoom = require "showcall.zoom"
local webex = require "showcall.webex"
local huawei = require "showcall.huawei"

local EVENT = "6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c"

--- The row of `result` for this check.
local function row(result, check)
  for _, r in ipairs(result.rows) do
    if r.check == check then return r end
  end
end

describe("preflight", function()
  before_each(function() sim.reset() end)

  it("is GO when every platform answers and every resource is as expected", function()
    local p = preflight.new("Town hall")
    p:status(vbrick.event(EVENT), { status = "Scheduled", isPreProduction = false })
    p:status(zoom.webinar(68423085).livestream, { stream_url = preflight.present })
    p:status(webex.meeting("560d7b784f5143e3be2fc3064a5c4999"), { state = { "inProgress", "ready" } }, { call = "details" })
    p:status(huawei.conference("914044873"), { ["confInfo.confState"] = "Created" })
    local result = p:run { quiet = true }
    expect(result.go).to_be(true)
    expect(result.failed).to_be(0)
    expect(#result.rows).to_be(9) -- one "reachable, authorised" row per object, one per field
    local r = row(result, "confInfo.confState")
    assert.same({ platform = "huawei", resource = "conference 914044873", check = "confInfo.confState",
      result = "PASS", detail = "is Created" }, r)
  end)

  it("takes a field the platform answers as null (showcall.null) for missing", function()
    local p = preflight.new("Town hall")
    p:status(vbrick.event(EVENT), { slideUrl = preflight.present, status = preflight.present })
    local result = p:run { quiet = true }
    expect(result.go).to_be(false)
    expect(row(result, "slideUrl").result).to_be("FAIL")
    expect(row(result, "slideUrl").detail).to_be("missing")
    expect(row(result, "status").result).to_be("PASS")
  end)

  it("is NO-GO when a resource is not in the expected state, and says what it is", function()
    local p = preflight.new("Town hall")
    p:status(vbrick.event(EVENT), { status = "Broadcasting" })
    local result = p:run { quiet = true }
    expect(result.go).to_be(false)
    expect(row(result, "status").detail).to_be("is Scheduled, expected Broadcasting")
    expect(row(result, "reachable, authorised").result).to_be("PASS")
  end)

  it("tells a resource that is not there from a platform that fails", function()
    sim.faults("zoom:error=1:500")
    local p = preflight.new("Town hall")
    p:status(vbrick.event("00000000-0000-4000-8000-000000000000"))
    p:status(zoom.webinar(68423085))
    local result = p:run { quiet = true }
    expect(result.go).to_be(false)
    expect(result.rows[1].detail).to_match("^not found %(HTTP 404%)")
    expect(result.rows[2].detail).to_match("^failed %(HTTP 500%)")
  end)

  it("only warns about an optional check", function()
    local p = preflight.new("Town hall")
    p:status(webex.meeting("9c1e2f3a4b5c4d6e8f7a0b1c2d3e4f50"), { state = "inProgress" }, { call = "details", optional = true })
    local result = p:run { quiet = true }
    expect(result.go).to_be(true)
    expect(result.warned).to_be(1)
    expect(row(result, "state").result).to_be("WARN")
  end)

  it("runs checks of one's own, a raising one as a failure", function()
    local p = preflight.new("Town hall")
    p:check("encoder", "studio A", "signal", function() return true, "1080p50" end)
    p:check("encoder", "studio B", "signal", function() error("no signal", 0) end)
    local result = p:run { quiet = true }
    expect(result.rows[1].result).to_be("PASS")
    expect(result.rows[1].detail).to_be("1080p50")
    expect(result.rows[2].result).to_be("FAIL")
    expect(result.rows[2].detail).to_be("no signal")
  end)

  it("bounds each check by its timeout", function()
    local p = preflight.new("Town hall", { timeout = 5 })
    p:check("encoder", "studio A", "signal", function() require("showcall").sleep(60) return true end)
    local result = p:run { quiet = true }
    expect(result.rows[1].detail).to_match("timed out after 5 s")
  end)

  it("as a show action, fails the step on NO-GO and names the failed checks", function()
    local p = preflight.new("Town hall")
    p:status(vbrick.event(EVENT), { status = "Broadcasting" })
    expect(p:action().fn).to_error("NO%-GO: vbrick event 6f2d1c7e%-0b7a%-4c1e%-9a55%-1d2e3f4a5b6c status: is Scheduled")
  end)

  it("prints the go/no-go table", function()
    local printed = {}
    local real = _G.print
    _G.print = function(line) printed[#printed + 1] = line end -- luacheck: ignore 122
    local ok, err = pcall(function()
      local p = preflight.new("Town hall")
      p:status(vbrick.event(EVENT), { status = "Scheduled" })
      p:run()
    end)
    _G.print = real -- luacheck: ignore 122
    assert(ok, err)
    local text = table.concat(printed, "\n")
    expect(text).to_match("PLATFORM%s+RESOURCE%s+CHECK%s+RESULT%s+DETAIL")
    expect(text).to_match("vbrick%s+event 6f2d1c7e%-0b7a%-4c1e%-9a55%-1d2e3f4a5b6c%s+status%s+PASS%s+is Scheduled")
    expect(text).to_match("GO: 2 of 2 checks passed")
  end)
end)
