-- finding: 3: show 'evening': unknown time zone 'Europe/Pairs' (expected an IANA name such as Europe/Paris)
local show = require "showcall.show"
local s = show.new("evening", { tz = "Europe/Pairs" })
s:step("doors", { at = "19:30", run = function() end })
s:run()
