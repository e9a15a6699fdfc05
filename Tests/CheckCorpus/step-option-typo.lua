-- finding: 4: unknown field 'aftr' in step 'doors'; did you mean 'after'?
local show = require "showcall.show"
local s = show.new("evening")
s:step("doors", { aftr = 5, run = function() end })
s:run()
