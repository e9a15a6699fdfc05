-- finding: 5: unknown field 'slep' in module 'showcall'; did you mean 'sleep'?
local sc = require "showcall"
local show = require "showcall.show"
local s = show.new("evening")
s:step("go", { run = function() sc.slep(5) end })
s:run()
