-- finding: 4: step 'doors': at = 1930 is a number, read as seconds since 1970; did you mean "19:30"?
local show = require "showcall.show"
local s = show.new("evening", { tz = "UTC" })
s:step("doors", { at = 1930, run = function() end })
s:run()
