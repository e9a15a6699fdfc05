-- finding: 6: unknown field 'livestrem' on zoom.webinar; did you mean 'livestream'?
local show = require "showcall.show"
local zoom = require "showcall.zoom"
local webinar = zoom.webinar(68423085)
local s = show.new("evening")
s:step("live", { run = function() webinar.livestrem:start() end })
s:run()
