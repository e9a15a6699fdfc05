-- finding: 5: unknown function 'meting' in module 'showcall.webex'; did you mean 'meeting'?
local show = require "showcall.show"
local webex = require "showcall.webex"
local s = show.new("evening")
s:step("record", { run = function() webex.meting("mid"):controls { recording = "start" } end })
s:run()
