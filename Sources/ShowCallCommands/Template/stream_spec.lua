-- Run with `showcall test`: in virtual time, against a fresh simulator for each file.
local zoom = require "showcall.zoom"
local stream = require "stream"

describe("stream", function()
  local webinar = zoom.webinar(68423085)

  it("goes live, then off", function()
    expect(stream.on(webinar)).to_be("live")
    expect(stream.off(webinar)).to_be("off")
  end)

  it("reads a stop of a stream that is not live as already off", function()
    assert.equals("already off", stream.off(webinar))
  end)
end)
