-- A show of STEPS steps, each starting GAP seconds after the last one ended, doing nothing: its
-- journal's step_started entries, against their planned times, are the cue lateness.
--   showcall run [--journal FILE | --store URL --name NAME] cue-lateness.lua STEPS GAP
local show = require "showcall.show"

local steps, gap = tonumber(arg[1]) or 200, tonumber(arg[2]) or 0.01
local s = show.new("Lateness")
for i = 1, steps do s:step("cue " .. i, { after = gap, run = function() end }) end
s:run()
