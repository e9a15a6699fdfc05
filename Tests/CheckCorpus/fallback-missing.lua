-- finding: 4: step 'go': on_failure = 'fallback' needs fallback = 'step name'
local show = require "showcall.show"
local s = show.new("evening")
s:step("go", { on_failure = "fallback", run = function() end })
s:run()
