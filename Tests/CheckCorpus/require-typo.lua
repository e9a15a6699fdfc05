-- finding: 2: module 'showcall.shwo' not found; did you mean 'showcall.show'?
local show = require "showcall.shwo"
local s = show.new("evening")
s:step("go", { run = function() end })
s:run()
