-- finding: 4: step 'go': actions must be a list of actions, got string
local show = require "showcall.show"
local s = show.new("evening")
s:step("go", { actions = "start everything" })
s:run()
