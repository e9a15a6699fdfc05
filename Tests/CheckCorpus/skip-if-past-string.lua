-- finding: 4: step 'doors': skip_if_past must be a boolean, got string
local show = require "showcall.show"
local s = show.new("evening", { tz = "UTC" })
s:step("doors", { at = "19:30", skip_if_past = "yes", run = function() end })
s:run()
