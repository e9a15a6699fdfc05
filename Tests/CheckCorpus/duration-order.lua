-- finding: 5: step 'live': after: malformed duration '30m1h' (seconds as a number, or "90s", "5m", "1h30m")
local show = require "showcall.show"
local s = show.new("evening")
s:step("doors", { run = function() end })
s:step("live", { after = "30m1h", run = function() end })
s:run()
