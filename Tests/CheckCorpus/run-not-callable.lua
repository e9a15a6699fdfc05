-- finding: 4: step 'go': run must be a function, got string
local show = require "showcall.show"
local s = show.new("evening")
s:step("go", { run = "start" })
s:run()
