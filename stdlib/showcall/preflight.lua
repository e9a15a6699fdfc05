--- Pre-show checks: is every platform and resource the show names reachable, are our
--- credentials accepted, and is each in the state the show expects? Run well before doors open
--- (as the first step of the show, or alone); the checks run at once and read only. Prints a
--- go/no-go table and returns a result the script can act on.
---
---     local preflight = require "showcall.preflight"
---     local p = preflight.new("Town hall")
---     p:status(vbrick.event(ID), { status = "Scheduled" })
---     p:status(zoom.webinar(68423085).livestream, { stream_url = preflight.present })
---     p:status(webex.meeting(MID), { state = { "inProgress", "ready" } }, { call = "details" })
---     p:status(huawei.conference("914044873"), { ["confInfo.confState"] = "Started" }, { optional = true })
---     local result = p:run()            -- result.go, result.rows, result.failed
---     s:step("preflight", { at = "11:00", run = p:action() })   -- or: a step that fails on NO-GO
local sc = require "showcall"
local countdown = require "showcall.countdown"

local M = {}

---@class showcall.preflight.Row
---@field platform string
---@field resource string
---@field check string
---@field result "PASS"|"FAIL"|"WARN"   WARN: an optional check that failed
---@field detail string

---@class showcall.preflight.Result
---@field go boolean                    true when no required check failed
---@field rows showcall.preflight.Row[]
---@field passed integer
---@field failed integer
---@field warned integer

--- An expectation that a field is there and not empty (a platform's `null` is not there).
---@param value any
---@return boolean ok
---@return string detail
function M.present(value)
  if value == nil or value == sc.null or value == "" then return false, "missing" end
  return true, "present"
end

--- A field of a platform error, or nil (reading an absent field must not raise).
local function field(err, name)
  if type(err) ~= "userdata" and type(err) ~= "table" then return nil end
  local ok, v = pcall(function() return err[name] end)
  return ok and v or nil
end

--- What a failed call says about the resource: unreachable, not authorised, not found, or why not.
---@param err any
---@return string
function M.classify(err)
  local status, msg = field(err, "status"), sc.error_message(err)
  if status == 401 or status == 403 then return ("not authorised (HTTP %d): %s"):format(status, msg) end
  if status == 404 then return "not found (HTTP 404): " .. msg end
  if status then return ("failed (HTTP %d): %s"):format(status, msg) end
  if field(err, "platform") then return "unreachable: " .. msg end
  return tostring(err)
end

--- The value at a dotted path ("confInfo.confState") of a table.
local function at_path(t, path)
  for part in path:gmatch("[^.]+") do
    if type(t) ~= "table" then return nil end
    t = t[part]
  end
  return t
end

local function shown(v)
  local s = type(v) == "string" and v or tostring(v)
  return #s > 60 and (s:sub(1, 57) .. "...") or s
end

--- Whether `value` meets `expected`: equal to it, one of a list, or a predicate's verdict.
local function meets(value, expected)
  if type(expected) == "function" then
    local ok, detail = expected(value)
    return ok and true or false, detail or ("is " .. shown(value))
  end
  if type(expected) == "table" then
    local names = {}
    for i, e in ipairs(expected) do
      if value == e then return true, "is " .. shown(value) end
      names[i] = shown(e)
    end
    return false, ("is %s, expected one of %s"):format(shown(value), table.concat(names, ", "))
  end
  if value == expected then return true, "is " .. shown(value) end
  return false, ("is %s, expected %s"):format(shown(value), shown(expected))
end

local Preflight = {}
Preflight.__index = Preflight

--- A list of checks for the show `name`. `timeout` bounds each check (seconds, default 20).
---@param name string
---@param opts? {timeout?: number}
---@return table
function M.new(name, opts)
  if type(name) ~= "string" or name == "" then error("preflight.new: name must be a non-empty string", 2) end
  opts = opts or {}
  return setmetatable({ name = name, timeout = opts.timeout or 20, items = {} }, Preflight)
end

--- A check of one's own: `fn()` returns ok (boolean) and a detail, or raises (a failure,
--- classified as `classify` does). `optional` checks only warn.
---@param platform string
---@param resource string
---@param check string
---@param fn fun(): boolean, string?
---@param opts? {optional?: boolean}
function Preflight:check(platform, resource, check, fn, opts)
  if type(fn) ~= "function" then error("preflight:check: fn must be a function", 2) end
  local optional = opts and opts.optional
  self.items[#self.items + 1] = { optional = optional, labels = { platform, resource, check }, run = function(row)
    local ok, passed, detail = pcall(fn)
    if not ok then return { row(check, false, M.classify(passed)) } end
    return { row(check, passed, detail or (passed and "ok" or "not as expected")) }
  end }
end

--- Checks a platform object through its status call (or `opts.call`, such as "details"):
--- one row for the call itself (reachable, authorised), then one per expected field, each an
--- exact value, a list of accepted values, or a function of the value returning ok, detail.
--- Platform and resource come from the object's name ("zoom webinar 68423085 live stream").
---@param object any a platform object: vbrick.event(id), zoom.webinar(id).livestream, ...
---@param expect? table<string, any> dotted field path -> expected value, list or predicate
---@param opts? {call?: string, optional?: boolean}
function Preflight:status(object, expect, opts)
  opts = opts or {}
  local call = opts.call or "status"
  local ok, method = pcall(function() return object[call] end)
  if not ok or type(method) ~= "function" then
    error(("preflight:status: %s has no %s() call"):format(tostring(object), call), 2)
  end
  local name = tostring(object)
  local platform, resource = name:match("^(%S+)%s+(.+)$")
  local fields = {}
  for path in pairs(expect or {}) do fields[#fields + 1] = path end
  table.sort(fields)
  self.items[#self.items + 1] = { optional = opts.optional, labels = { platform or name, resource or name, call .. "()" },
    run = function(row)
      local answered, answer = pcall(method, object)
      if not answered then return { row(call .. "()", false, M.classify(answer)) } end
      local rows = { row("reachable, authorised", true, call .. "() answered") }
      for _, path in ipairs(fields) do
        rows[#rows + 1] = row(path, meets(at_path(answer, path), expect[path]))
      end
      return rows
    end }
end

--- Runs every check at once, prints the go/no-go table (unless `quiet`), and returns the result.
---@param opts? {quiet?: boolean}
---@return showcall.preflight.Result
function Preflight:run(opts)
  -- Filled in by the checks' tasks (what a task returns reaches its parent as plain data only).
  local all, fns = {}, {}
  for i, item in ipairs(self.items) do
    local function row(check, ok, detail)
      local result = ok and "PASS" or (item.optional and "WARN" or "FAIL")
      return { platform = item.labels[1], resource = item.labels[2], check = check, result = result, detail = tostring(detail) }
    end
    fns[i] = function()
      local ok, rows = pcall(sc.timeout, self.timeout, function() all[i] = item.run(row) end)
      if not ok then all[i] = { row(item.labels[3], false, sc.error_message(rows)) } end
    end
  end
  sc.parallel(fns)
  local result = { rows = {}, passed = 0, failed = 0, warned = 0 }
  for _, rows in ipairs(all) do
    for _, r in ipairs(rows) do
      result.rows[#result.rows + 1] = r
      if r.result == "PASS" then result.passed = result.passed + 1
      elseif r.result == "WARN" then result.warned = result.warned + 1
      else result.failed = result.failed + 1 end
    end
  end
  result.go = result.failed == 0
  if not (opts and opts.quiet) then M.print(self.name, result) end
  return result
end

--- Prints a result as a table, one row per check, and the verdict.
---@param name string
---@param result showcall.preflight.Result
function M.print(name, result)
  local columns = { "platform", "resource", "check", "result", "detail" }
  local widths = {}
  for i, c in ipairs(columns) do
    widths[i] = #c
    for _, r in ipairs(result.rows) do widths[i] = math.max(widths[i], #r[c]) end
  end
  local function line(values)
    local cells = {}
    for i, v in ipairs(values) do cells[i] = i < #values and ("%-" .. widths[i] .. "s"):format(v) or v end
    print(table.concat(cells, "  "))
  end
  print(("\nPreflight of '%s' at %s"):format(name, countdown.clock()))
  line { "PLATFORM", "RESOURCE", "CHECK", "RESULT", "DETAIL" }
  for _, r in ipairs(result.rows) do line { r.platform, r.resource, r.check, r.result, r.detail } end
  local total = #result.rows
  local warned = result.warned > 0 and (", %d warning%s"):format(result.warned, result.warned == 1 and "" or "s") or ""
  if result.go then
    print(("GO: %d of %d checks passed%s"):format(result.passed, total, warned))
  else
    print(("NO-GO: %d of %d checks failed%s"):format(result.failed, total, warned))
  end
end

--- A show action that runs the checks and fails the step on NO-GO (the step's `on_failure`
--- decides what then); its result reads "GO (N checks)".
---@return table
function Preflight:action()
  return { name = "preflight", fn = function()
    local result = self:run()
    if not result.go then
      local failed = {}
      for _, r in ipairs(result.rows) do
        if r.result == "FAIL" then failed[#failed + 1] = ("%s %s %s: %s"):format(r.platform, r.resource, r.check, r.detail) end
      end
      error("NO-GO: " .. table.concat(failed, "; "), 0)
    end
    return ("GO (%d checks)"):format(#result.rows)
  end }
end

return M
