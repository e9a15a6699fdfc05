-- GO to the wire: a show of CUES steps, each waiting for the operator's GO and then sending one
-- state-changing request (Webex's meeting lock, then unlock, in turn).
--   showcall run --control 0 --journal FILE go-wire.lua CUES
local show = require "showcall.show"

local cues = tonumber(arg[1]) or 55
local meeting = require("showcall.webex").meeting("560d7b784f5143e3be2fc3064a5c4999")
local s = show.new("GO to the wire")
for i = 1, cues do
  s:step("cue " .. i, {
    cue = "GO " .. i,
    run = function()
      if i % 2 == 1 then meeting:lock() else meeting:unlock() end
    end,
  })
end
s:run()
