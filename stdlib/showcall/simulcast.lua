--- One show on several platforms at once. `start` starts every output together, each in a task
--- of its own; if an essential one fails, the ones that did start are stopped again (rollback)
--- and the error says which failed and why. `stop` stops every started output together, each
--- on its own, so one that fails never keeps the others on.
---
---     local simulcast = require "showcall.simulcast"
---     local cast = simulcast.new("Town hall", {
---       simulcast.vbrick(vbrick.event(ID)),
---       simulcast.zoom(zoom.webinar(68423085), { display_name = "Town Hall" }),
---       simulcast.huawei(huawei.conference("914044873"), { optional = true }),
---     })
---     cast:start()   -- all live, or none (optional outputs may fail alone)
---     cast:stop()
local sc = require "showcall"

local M = {}

---@class showcall.simulcast.Output
---@field name string           how reports name it ("zoom webinar 68423085 live stream")
---@field start fun()           puts it on air; raises if it could not
---@field stop fun()            takes it off air; raises if it could not
---@field optional? boolean     a failure to start is reported, but rolls nothing back

local OUTPUT_FIELDS = { name = true, start = true, stop = true, optional = true }

--- What went wrong with one output: a platform error's whole description (its platform and HTTP
--- status, which an operator needs to tell the outputs apart), anything else's message.
---@param err any
---@return string
local function message(err)
  if type(err) == "userdata" then return tostring(err) end
  return sc.error_message(err)
end

-- The error `start` and `stop` raise: what failed and why, what was rolled back.
local Failure = {}
Failure.__index = Failure
Failure.__tostring = function(f) return f.message end

local Cast = {}
Cast.__index = Cast

--- A simulcast of the show `name` over `outputs` (see `showcall.simulcast.Output`; the
--- constructors below make them for each platform).
---@param name string
---@param outputs showcall.simulcast.Output[]
---@param opts? {timeout?: number}
---@return table
function M.new(name, outputs, opts)
  if type(name) ~= "string" or name == "" then error("simulcast.new: name must be a non-empty string", 2) end
  if type(outputs) ~= "table" or #outputs == 0 then error("simulcast.new: outputs must be a non-empty list", 2) end
  local seen = {}
  for i, o in ipairs(outputs) do
    if type(o) ~= "table" then error(("simulcast.new: output #%d must be a table"):format(i), 2) end
    for k in pairs(o) do
      if not OUTPUT_FIELDS[k] then error(("simulcast.new: output #%d: unknown field '%s'"):format(i, tostring(k)), 2) end
    end
    if type(o.name) ~= "string" or type(o.start) ~= "function" or type(o.stop) ~= "function" then
      error(("simulcast.new: output #%d needs name (a string), start and stop (functions)"):format(i), 2)
    end
    if seen[o.name] then error(("simulcast.new: two outputs are named '%s'"):format(o.name), 2) end
    seen[o.name] = true
  end
  opts = opts or {}
  return setmetatable({ name = name, outputs = outputs, timeout = opts.timeout or 60, live = {} }, Cast)
end

--- Runs `fn(output)` for each output at once, each in its own task under the cast's timeout;
--- none raises, so none cancels another. Returns one {output=, ok=, error=, took=} per output.
local function each_at_once(cast, outputs, verb, fn)
  -- Filled in by the tasks: what a task returns reaches its parent as plain data only.
  local results, fns = {}, {}
  for i, o in ipairs(outputs) do
    fns[i] = function()
      local began = sc.now()
      local ok, err = pcall(sc.timeout, cast.timeout, function() fn(o) end)
      local r = { output = o, ok = ok, error = (not ok) and message(err) or nil, took = sc.now() - began }
      if ok then
        sc.log.info(("%s: %s %s (%.1f s)"):format(cast.name, o.name, verb, r.took))
      else
        sc.log.error(("%s: %s FAILED to %s: %s"):format(cast.name, o.name, verb == "started" and "start" or "stop", r.error))
      end
      results[i] = r
    end
  end
  sc.parallel(fns)
  return results
end

--- Stops the outputs that are on, all at once; returns the results of the stops.
local function stop_live(cast)
  local live = {}
  for _, o in ipairs(cast.outputs) do
    if cast.live[o.name] then live[#live + 1] = o end
  end
  local results = each_at_once(cast, live, "stopped", function(o) o.stop() end)
  for _, r in ipairs(results) do
    if r.ok then cast.live[r.output.name] = nil end
  end
  return results
end

--- Starts every output that is not on yet, all at once. When an essential output fails, the
--- outputs that started are stopped again and an error is raised with `failed` ({name=,
--- error=} each), `rolled_back` (names) and `still_on` (names whose stop failed too). An
--- optional output that fails is only reported. Returns the report: {started=names, failed=...}.
---@return {started: string[], failed: {name: string, error: string}[]}
function Cast:start()
  local pending = {}
  for _, o in ipairs(self.outputs) do
    if not self.live[o.name] then pending[#pending + 1] = o end
  end
  local results = each_at_once(self, pending, "started", function(o) o.start() end)
  local report, essential = { started = {}, failed = {} }, {}
  for _, r in ipairs(results) do
    if r.ok then
      self.live[r.output.name] = true
      report.started[#report.started + 1] = r.output.name
    else
      report.failed[#report.failed + 1] = { name = r.output.name, error = r.error, optional = r.output.optional == true }
      if not r.output.optional then essential[#essential + 1] = r.output.name .. ": " .. r.error end
    end
  end
  if #essential == 0 then return report end

  sc.log.warn(("%s: rolling back, stopping %d started output(s)"):format(self.name, #report.started))
  local rolled_back, still_on = {}, {}
  for _, r in ipairs(stop_live(self)) do
    if r.ok then rolled_back[#rolled_back + 1] = r.output.name
    else still_on[#still_on + 1] = r.output.name .. " (" .. r.error .. ")" end
  end
  local text = ("simulcast '%s' did not start: %s"):format(self.name, table.concat(essential, "; "))
  if #rolled_back > 0 then text = text .. "; rolled back: " .. table.concat(rolled_back, ", ") end
  if #still_on > 0 then text = text .. "; STILL ON, check by hand: " .. table.concat(still_on, ", ") end
  error(setmetatable({ message = text, failed = report.failed, rolled_back = rolled_back, still_on = still_on }, Failure), 2)
end

--- Stops every output that is on, all at once, each on its own. Raises an error listing the
--- ones whose stop failed (they count as still on, so a second `stop` tries them again).
---@return string[] stopped the names of the outputs stopped
function Cast:stop()
  local stopped, failed = {}, {}
  for _, r in ipairs(stop_live(self)) do
    if r.ok then stopped[#stopped + 1] = r.output.name
    else failed[#failed + 1] = { name = r.output.name, error = r.error } end
  end
  if #failed > 0 then
    local parts = {}
    for i, f in ipairs(failed) do parts[i] = f.name .. ": " .. f.error end
    error(setmetatable({ message = ("simulcast '%s': STILL ON, could not stop: %s"):format(self.name, table.concat(parts, "; ")),
      failed = failed, stopped = stopped }, Failure), 2)
  end
  return stopped
end

--- The names of the outputs on air, in the order they were given.
---@return string[]
function Cast:on_air()
  local names = {}
  for _, o in ipairs(self.outputs) do
    if self.live[o.name] then names[#names + 1] = o.name end
  end
  return names
end

--- A Vbrick Rev webcast's broadcast as an output: start starts the webcast first if it is
--- scheduled or in pre-production. Stop stops the broadcast but leaves the webcast started, so
--- a rolled-back start can be tried again; ending the webcast is the show's decision.
---@param event vbrick.event
---@param opts? {optional?: boolean}
---@return showcall.simulcast.Output
function M.vbrick(event, opts)
  return { name = tostring(event.broadcast), optional = opts and opts.optional,
    start = function()
      local st = event:status()
      if st.status == "Scheduled" or st.isPreProduction then event:start() end
      event.broadcast:start()
    end,
    stop = function() event.broadcast:stop() end }
end

--- A Zoom webinar's live stream as an output (configured beforehand with `livestream:configure`).
---@param webinar zoom.webinar
---@param opts? {optional?: boolean, display_name?: string, active_speaker_name?: boolean}
---@return showcall.simulcast.Output
function M.zoom(webinar, opts)
  opts = opts or {}
  local settings = { display_name = opts.display_name, active_speaker_name = opts.active_speaker_name }
  return { name = tostring(webinar.livestream), optional = opts.optional,
    start = function() webinar.livestream:start(settings) end,
    stop = function() webinar.livestream:stop() end }
end

--- A Webex meeting's recording as an output.
---@param meeting webex.meeting
---@param opts? {optional?: boolean}
---@return showcall.simulcast.Output
function M.webex(meeting, opts)
  return { name = tostring(meeting.record), optional = opts and opts.optional,
    start = function() meeting.record:start() end,
    stop = function() meeting.record:stop() end }
end

--- A Huawei Cloud Meeting's live broadcast as an output.
---@param conference huawei.conference
---@param opts? {optional?: boolean}
---@return showcall.simulcast.Output
function M.huawei(conference, opts)
  return { name = tostring(conference.livestream), optional = opts and opts.optional,
    start = function() conference.livestream:start() end,
    stop = function() conference.livestream:stop() end }
end

return M
