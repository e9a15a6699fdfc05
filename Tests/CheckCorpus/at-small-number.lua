-- finding: 4: step 'doors': at = 90000 must be a moment in seconds since 1970 (from 2000 on) or a clock time "HH:MM"; for a delay use after
local show = require "showcall.show"
local s = show.new("evening", { tz = "UTC" })
s:step("doors", { at = 90000, run = function() end })
s:run()
