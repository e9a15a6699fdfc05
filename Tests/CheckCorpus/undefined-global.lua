-- finding: 6: accessing undefined variable 'dealy'
local sc = require "showcall"
local show = require "showcall.show"
local delay = 5
local s = show.new("evening")
s:step("go", { run = function() sc.sleep(dealy) end })
s:run()
print(delay)
