-- finding: 6: unknown method 'strat' on vbrick.event; did you mean 'start'?
local show = require "showcall.show"
local vbrick = require "showcall.vbrick"
local ev = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
local s = show.new("evening")
s:step("live", { run = function() ev:strat() end })
s:run()
