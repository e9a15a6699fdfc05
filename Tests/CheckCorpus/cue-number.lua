-- finding: 4: step 'go': cue must be true or the operator's prompt (a string), got number
local show = require "showcall.show"
local s = show.new("evening")
s:step("go", { cue = 5, run = function() end })
s:run()
