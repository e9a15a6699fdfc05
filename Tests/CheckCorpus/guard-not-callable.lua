-- finding: 4: step 'go': guard must be a function, got boolean
local show = require "showcall.show"
local s = show.new("evening")
s:step("go", { guard = true, run = function() end })
s:run()
