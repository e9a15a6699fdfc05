-- finding: 3: module 'cues' not found
local show = require "showcall.show"
local cues = require "cues"
local s = show.new("evening")
s:step("go", { run = cues.go })
s:run()
