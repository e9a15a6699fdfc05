-- A two-hour show of 40 steps, three minutes apart, each with a few actions: the rehearsal
-- benchmark (`swift run -c release bench-engine`, or `showcall run --rehearse` on this file).
local sc = require "showcall"
local show = require "showcall.show"

local s = show.new("Two hours", { tz = "UTC" })
s:step("step 1", { at = "20:00", run = show.action("open", function() sc.sleep(1); return "open" end) })
for i = 2, 40 do
  s:step("step " .. i, { after = 180, cue = (i % 10 == 0), actions = {
    show.action("switch", function() sc.sleep(0.5); return "cam " .. i % 4 end),
    show.together {
      show.action("graphics", function() sc.sleep(2); return "ok" end),
      show.action("audio", function() sc.sleep(1); return "ok" end),
    },
  } })
end
s:run()
