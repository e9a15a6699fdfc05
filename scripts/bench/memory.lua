--- Memory per waiting coroutine and per waiting show, through `showcall run` with its journal
--- (scripts/bench/memory). Each figure is the growth of the Lua heap (collectgarbage "count",
--- after full collections) and of the process's resident set (/proc/self/statm) while `count`
--- of them are made and left waiting, divided by `count`. A first, smaller round of each is
--- made and left waiting before the measure, so that code run for the first time and the
--- allocator's first arenas are not charged to what is measured.
---     showcall run --journal J memory.lua [COROUTINES] [SHOWS]
local sc = require "showcall"
local show = require "showcall.show"

local coroutines = math.tointeger(tonumber(arg[1])) or 10000
local shows = math.tointeger(tonumber(arg[2])) or 100

---@return integer bytes the process's resident set
local function resident()
  local f = assert(io.open("/proc/self/statm"))
  local text = f:read("a")
  f:close()
  return assert(math.tointeger(tonumber(text:match("^%d+ (%d+)")))) * 4096
end

local function settle()
  sc.sleep(0.3) -- every one has started and waits
  collectgarbage()
  collectgarbage()
end

--- The heap's and the resident set's growth per item while `make(i)` is called for i = first
--- to last, each item left waiting.
---@param make fun(i: integer)
---@param first integer
---@param last integer
---@return number heap bytes per item
---@return number rss bytes per item
local function growth(make, first, last)
  settle()
  local heap, rss = collectgarbage("count"), resident()
  for i = first, last do make(i) end
  settle()
  local n = last - first + 1
  return (collectgarbage("count") - heap) * 1024 / n, (resident() - rss) / n
end

local function waiting_coroutine()
  sc.spawn(function() sc.sleep(3600) end)
end

--- A show of 40 steps waiting for its first cue.
local function waiting_show(i)
  sc.spawn(function()
    local s = show.new("show " .. i, { tz = "UTC" })
    s:step("doors", { cue = "Doors open", run = show.action("open", function() return "open" end) })
    for j = 2, 40 do
      s:step("step " .. j, { after = 180, actions = {
        show.action("switch", function() return "cam " .. j % 4 end),
        show.together { function() return "graphics" end, function() return "audio" end },
      } })
    end
    s:run()
  end)
end

growth(waiting_coroutine, 1, coroutines // 10)
local co_heap, co_rss = growth(waiting_coroutine, 1, coroutines)
growth(waiting_show, -shows // 10 + 1, 0)
local show_heap, show_rss = growth(waiting_show, 1, shows)
print(("%d\t%.0f\t%.0f\t%d\t%.0f\t%.0f"):format(coroutines, co_heap, co_rss, shows, show_heap, show_rss))
os.exit(0)
