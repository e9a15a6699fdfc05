-- finding: 5: step 'live': after: malformed duration '5 min' (seconds as a number, or "90s", "5m", "1h30m")
local show = require "showcall.show"
local s = show.new("evening")
s:step("doors", { run = function() end })
s:step("live", { after = "5 min", run = function() end })
s:run()
