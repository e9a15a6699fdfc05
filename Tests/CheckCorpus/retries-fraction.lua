-- finding: 4: step 'go': retries: must be an integer of times from 0 to 1000, got 1.5
local show = require "showcall.show"
local s = show.new("evening")
s:step("go", { on_failure = "retry", retries = 1.5, run = function() end })
s:run()
