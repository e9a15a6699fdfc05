-- showcall test stdlib/spec: in virtual time, so the waits below take no real time.
local sc = require "showcall"
local countdown = require "showcall.countdown"

describe("countdown.format", function()
  it("reads minutes and seconds, hours from an hour up", function()
    expect(countdown.format(0)).to_be("00:00")
    expect(countdown.format(65)).to_be("01:05")
    expect(countdown.format(59.9)).to_be("00:59")
    expect(countdown.format(3725)).to_be("1:02:05")
    expect(countdown.format(-90)).to_be("01:30")
  end)

  it("refuses what is not a number", function()
    expect(function() countdown.format("5") end).to_error("seconds must be a number")
  end)
end)

describe("countdown.tminus", function()
  it("counts down before the time and up after it", function()
    assert.equals("T-05:00", countdown.tminus(300))
    assert.equals("T-00:01", countdown.tminus(0.4))
    assert.equals("T+00:00", countdown.tminus(0))
    assert.equals("T+00:05", countdown.tminus(-5))
    assert.equals("T-1:00:00", countdown.tminus(3600))
  end)
end)

describe("countdown.remaining and clock", function()
  it("measures to an epoch time and an ISO-8601 time on the show clock", function()
    local now = sc.now()
    expect(countdown.remaining(now + 90)).to_be_near(90, 1e-6)
    local iso = os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(now) + 3600)
    expect(countdown.remaining(iso)).to_be_near(math.floor(now) + 3600 - now, 1e-6)
    sc.sleep(30)
    expect(countdown.remaining(now + 90)).to_be_near(60, 1e-6)
  end)

  it("is negative once the time has passed", function()
    expect(countdown.remaining(sc.now() - 10)).to_be_near(-10, 1e-6)
  end)

  it("names a bad time", function()
    expect(function() countdown.remaining("25:99") end).to_error("countdown.remaining")
  end)

  it("reads the show clock as HH:MM:SS", function()
    local t = 1800000000
    expect(countdown.clock(t)).to_be(os.date("%H:%M:%S", t))
    expect(countdown.clock()).to_match("^%d%d:%d%d:%d%d$")
  end)
end)

describe("countdown.run", function()
  it("calls back at each mark, then returns at the time", function()
    local start = sc.now()
    local seen = {}
    local late = countdown.run(start + 600, { marks = { 10, 300, 60 }, on_mark = function(left)
      seen[#seen + 1] = { left, sc.now() - start }
    end })
    assert.same({ { 300, 300 }, { 60, 540 }, { 10, 590 } }, seen)
    expect(late).to_be_near(0, 1e-6)
    expect(sc.now() - start).to_be_near(600, 1e-6)
  end)

  it("skips marks that have already passed", function()
    local seen = {}
    countdown.run(sc.now() + 30, { marks = { 60, 10 }, on_mark = function(left) seen[#seen + 1] = left end })
    assert.same({ 10 }, seen)
  end)
end)

describe("countdown.each", function()
  it("ticks on the whole seconds down to zero", function()
    local start, ticks = sc.now(), {}
    countdown.each(start + 3, function(left) ticks[#ticks + 1] = left end)
    assert.same({ 3, 2, 1, 0 }, ticks)
    expect(sc.now() - start).to_be_near(3, 1e-6)
  end)

  it("refuses a zero interval", function()
    expect(function() countdown.each(sc.now() + 3, print, { every = 0 }) end).to_error("every must be")
  end)
end)
