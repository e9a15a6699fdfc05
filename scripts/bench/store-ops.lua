-- Platform reads through `showcall run`, each journaled (intent, then outcome) in whichever store
-- the run uses: N calls, from PARALLEL tasks at once (1: one after another). Prints ops/s.
--   showcall run [--journal FILE | --store URL --name NAME] store-ops.lua N PARALLEL
local sc = require "showcall"
local core = require "showcall.core"
local zoom = require "showcall.zoom"

local n, parallel = tonumber(arg[1]) or 1000, tonumber(arg[2]) or 1
local stream = zoom.webinar(68423085).livestream
local started = core.now()
local tasks = {}
for t = 1, parallel do
  tasks[t] = sc.spawn(function()
    for _ = t, n, parallel do stream:status() end
  end)
end
for _, task in ipairs(tasks) do sc.join(task) end
print(("%.1f"):format(n / (core.now() - started)))
