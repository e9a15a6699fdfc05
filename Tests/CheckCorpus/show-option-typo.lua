-- finding: 3: unknown field 'zt' in show 'evening'; did you mean 'tz'?
local show = require "showcall.show"
local s = show.new("evening", { zt = "Europe/Paris" })
s:step("doors", { run = function() end })
s:run()
