-- finding: 4: step 'go': on_failure must be abort, continue, retry or fallback, not 'retyr'; did you mean 'retry'?
local show = require "showcall.show"
local s = show.new("evening")
s:step("go", { on_failure = "retyr", retries = 2, run = function() end })
s:run()
