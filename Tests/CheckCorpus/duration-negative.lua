-- finding: 5: step 'live': after: must be a number of seconds from 0 to 31622400, got -5
local show = require "showcall.show"
local s = show.new("evening")
s:step("doors", { run = function() end })
s:step("live", { after = -5, run = function() end })
s:run()
