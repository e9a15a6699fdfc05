-- finding: 5: unknown method 'strat' on zoom.livestream; did you mean 'start'?
local show = require "showcall.show"
local zoom = require "showcall.zoom"
local s = show.new("evening")
s:step("live", { run = function() zoom.webinar(68423085).livestream:strat() end })
s:run()
