-- An evening webcast: doors at a clock time, a cued opening, a segment with parallel actions,
-- a flaky step with a fallback, and cleanup. Try:
--   showcall plan scripts/shows/evening-webcast.lua --start 19:00
--   showcall run --rehearse --start 19:00 scripts/shows/evening-webcast.lua
--   showcall run --control 8787 scripts/shows/evening-webcast.lua   (then POST /go, /hold...)
local sc = require "showcall"
local show = require "showcall.show"

-- Stand-ins for platform calls until the platform bindings land.
local function switch_scene(name) return function() sc.sleep(0.2); return "scene " .. name end end
local function stream(state) return function() sc.sleep(1); return "stream " .. state end end

local s = show.new("Evening webcast", { tz = "Europe/Paris", cleanup = function() sc.log.info("all outputs safe") end })

s:step("doors", { at = "20:00", actions = {
  show.action("holding slide", switch_scene("holding")),
  show.action("start stream", stream("live")),
} })
s:step("opening", { after = 300, cue = "Presenter ready", actions = {
  show.action("title card", switch_scene("title")),
  show.together {
    show.action("music bed", function() sc.sleep(3); return "music on" end),
    show.action("lower third", function() sc.sleep(1); return "name shown" end),
  },
} })
s:step("interview", { after = 20 * 60, on_failure = "fallback", fallback = "slate",
  run = show.action("remote guest", function()
    return sc.timeout(5, function() sc.sleep(2); return "guest connected" end)
  end),
})
s:step("slate", { guard = function() return false end, run = show.action("technical difficulties", switch_scene("slate")) })
s:step("closing", { at = "21:00", actions = { show.action("credits", switch_scene("credits")) },
  cleanup = function() sc.log.info("closing cleanup") end })
s:step("off air", { after = 60, actions = { show.action("stop stream", stream("stopped")) } })

s:run()
