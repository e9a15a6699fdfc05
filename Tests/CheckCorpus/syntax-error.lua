-- finding: 4: unexpected symbol near '}'
local show = require "showcall.show"
local s = show.new("evening")
s:step("go", { run = function() print("go") })
s:run()
