--- The spec runner behind `showcall test`: `describe`/`it` blocks, `before_each`/`after_each`,
--- `expect(x).to_be(y)` matchers and busted-style `assert.equals(expected, actual)`. Each `it`
--- runs in a task of its own, so it may wait (sleep, platform calls, shows); a rehearsal's
--- virtual clock makes long waits instant.
---
---     describe("countdown", function()
---       it("formats T-minus", function()
---         expect(countdown.tminus(300)).to_be("T-05:00")
---         assert.equals("T+00:05", countdown.tminus(-5))
---       end)
---     end)
local sc = require "showcall"

local M = {}

--- How long one `it` (with its before_each and after_each) may take, in show-clock seconds
--- (a day: a rehearsed show takes no real time, and a spec stuck for good still ends).
M.timeout = 86400

-- An assertion that did not hold, located at the spec line that made it. Told apart by a
-- field, not its metatable: the `it` task hands it back as a copy.
local Failure = {}
Failure.__index = Failure
Failure.__tostring = function(f) return ("%s:%d: %s"):format(f.file, f.line, f.message) end

local function is_failure(err)
  return type(err) == "table" and err.spec_failure == true
end

--- Raises a failure located at the caller of the matcher that calls `fail`.
---@param message string
local function fail(message)
  local info = debug.getinfo(3, "Sl") or { short_src = "?", currentline = 0 }
  error(setmetatable({ spec_failure = true, message = message, file = info.short_src, line = info.currentline }, Failure), 0)
end

--- A value as a spec failure shows it: strings quoted, tables by content (sorted keys, depth 2).
---@param v any
---@param depth? integer
---@return string
local function show(v, depth)
  depth = depth or 0
  if type(v) == "string" then return ("%q"):format(v) end
  if type(v) ~= "table" or getmetatable(v) and getmetatable(v).__tostring then return tostring(v) end
  if depth >= 2 then return "{...}" end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, k in ipairs(keys) do
    local key = math.type(k) == "integer" and "" or (tostring(k) .. " = ")
    parts[#parts + 1] = key .. show(v[k], depth + 1)
  end
  return "{ " .. table.concat(parts, ", ") .. " }"
end

--- Deep equality: same type, and for tables the same keys with deeply equal values.
---@param a any
---@param b any
---@return boolean
local function same(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do
    if not same(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

--- The message of an error value, without a leading "file:line: " position.
---@param err any
---@return string
local function message_of(err)
  return (sc.error_message(err):gsub("^[^:\n]+:%d+: ", ""))
end

--- Calls `fn`, failing unless it raises; then checks the message against `check(msg)`.
local function raises(fn, what, check)
  local ok, err = pcall(fn)
  if ok then fail("expected an error" .. what .. ", but none was raised") end
  local msg = message_of(err)
  if check and not check(msg) then fail(("expected an error%s, got %s"):format(what, show(msg))) end
  return err
end

--- Matchers on `actual`: `expect(x).to_be(y)`, `.to_equal(t)` (deep), `.to_be_truthy()`,
--- `.to_be_falsy()`, `.to_be_nil()`, `.to_match(pattern)`, `.to_contain(x)`, `.to_be_near(y, tolerance)`,
--- `.to_error([pattern])` (for a function), and `.not_to_be(y)`, `.not_to_equal(t)`.
---@param actual any
---@return table
function M.expect(actual)
  local e = {}
  --- Fails unless `actual == expected`.
  ---@param expected any
  function e.to_be(expected)
    if actual ~= expected then fail(("expected %s, got %s"):format(show(expected), show(actual))) end
  end
  --- Fails if `actual == expected`.
  ---@param expected any
  function e.not_to_be(expected)
    if actual == expected then fail(("expected anything but %s"):format(show(expected))) end
  end
  --- Fails unless `actual` deeply equals `expected` (tables key by key).
  ---@param expected any
  function e.to_equal(expected)
    if not same(actual, expected) then fail(("expected %s, got %s"):format(show(expected), show(actual))) end
  end
  --- Fails if `actual` deeply equals `expected`.
  ---@param expected any
  function e.not_to_equal(expected)
    if same(actual, expected) then fail(("expected anything but %s"):format(show(expected))) end
  end
  --- Fails unless `actual` is neither false nor nil.
  function e.to_be_truthy()
    if not actual then fail(("expected a true value, got %s"):format(show(actual))) end
  end
  --- Fails unless `actual` is false or nil.
  function e.to_be_falsy()
    if actual then fail(("expected false or nil, got %s"):format(show(actual))) end
  end
  --- Fails unless `actual` is nil.
  function e.to_be_nil()
    if actual ~= nil then fail(("expected nil, got %s"):format(show(actual))) end
  end
  --- Fails unless `actual` is a string matching `pattern`.
  ---@param pattern string a Lua pattern
  function e.to_match(pattern)
    if type(actual) ~= "string" or not actual:find(pattern) then
      fail(("expected a string matching %s, got %s"):format(show(pattern), show(actual)))
    end
  end
  --- Fails unless `actual` (a string or a table) contains `item`.
  ---@param item any
  function e.to_contain(item)
    local found = false
    if type(actual) == "string" then
      found = actual:find(item, 1, true) ~= nil
    elseif type(actual) == "table" then
      for _, v in pairs(actual) do found = found or same(v, item) end
    end
    if not found then fail(("expected %s to contain %s"):format(show(actual), show(item))) end
  end
  --- Fails unless `actual` is within `tolerance` of `expected`.
  ---@param expected number
  ---@param tolerance? number default 1e-9
  function e.to_be_near(expected, tolerance)
    tolerance = tolerance or 1e-9
    if type(actual) ~= "number" or math.abs(actual - expected) > tolerance then
      fail(("expected %s within %g, got %s"):format(show(expected), tolerance, show(actual)))
    end
  end
  --- Fails unless the function `actual` raises (with a message matching `pattern`, if given).
  ---@param pattern? string a Lua pattern the message must match
  ---@return any err the error raised
  function e.to_error(pattern)
    return raises(actual, pattern and (" matching " .. show(pattern)) or "",
      pattern and function(msg) return msg:find(pattern) ~= nil end)
  end
  return e
end

--- busted's assertions: `assert.equals(expected, actual)`, `assert.same` (deep), `assert.is_true`,
--- `assert.is_false`, `assert.is_nil`, `assert.is_not_nil`, `assert.truthy`, `assert.falsy`,
--- `assert.matches(pattern, s)`, `assert.has_error(fn, [message])`; `assert(v, msg)` as in Lua.
M.assert = setmetatable({
  --- Fails unless `actual == expected`.
  ---@param expected any
  ---@param actual any
  equals = function(expected, actual)
    if actual ~= expected then fail(("expected %s, got %s"):format(show(expected), show(actual))) end
  end,
  --- Fails unless `actual` deeply equals `expected`.
  ---@param expected any
  ---@param actual any
  same = function(expected, actual)
    if not same(actual, expected) then fail(("expected %s, got %s"):format(show(expected), show(actual))) end
  end,
  --- Fails unless `v` is true.
  ---@param v any
  is_true = function(v) if v ~= true then fail(("expected true, got %s"):format(show(v))) end end,
  --- Fails unless `v` is false.
  ---@param v any
  is_false = function(v) if v ~= false then fail(("expected false, got %s"):format(show(v))) end end,
  --- Fails unless `v` is nil.
  ---@param v any
  is_nil = function(v) if v ~= nil then fail(("expected nil, got %s"):format(show(v))) end end,
  --- Fails if `v` is nil.
  ---@param v any
  is_not_nil = function(v) if v == nil then fail("expected a value, got nil") end end,
  --- Fails unless `v` is neither false nor nil.
  ---@param v any
  truthy = function(v) if not v then fail(("expected a true value, got %s"):format(show(v))) end end,
  --- Fails unless `v` is false or nil.
  ---@param v any
  falsy = function(v) if v then fail(("expected false or nil, got %s"):format(show(v))) end end,
  --- Fails unless `s` is a string matching `pattern`.
  ---@param pattern string
  ---@param s any
  matches = function(pattern, s)
    if type(s) ~= "string" or not s:find(pattern) then
      fail(("expected a string matching %s, got %s"):format(show(pattern), show(s)))
    end
  end,
  --- Fails unless `fn` raises (with exactly the message `expected`, position aside, if given).
  ---@param fn function
  ---@param expected? string
  ---@return any err the error raised
  has_error = function(fn, expected)
    return raises(fn, expected and (" " .. show(expected)) or "",
      expected and function(msg) return msg == expected end)
  end,
}, {
  __call = function(_, v, msg, ...)
    if not v then fail(msg and tostring(msg) or "assertion failed!") end
    return v, msg, ...
  end,
})

--- Where an error that is not a failure came from: the innermost frame in the spec file.
local function locate(file, level)
  for l = level, 60 do
    local info = debug.getinfo(l, "Sl")
    if not info then break end
    if info.short_src == file then return info.currentline end
  end
end

--- Loads the spec file `path` with `describe`, `it`, `before_each`, `after_each`, `expect` and
--- `assert` in its environment (its other globals are the real ones), runs every `it` in a task
--- of its own, prints each failure and error, and returns the counts.
---@param path string
---@return integer passed
---@return integer failed
---@return integer errors
function M.run_file(path)
  local root = { names = {}, before = {}, after = {} }
  local current, tests = root, {}
  local env = setmetatable({ expect = M.expect, assert = M.assert }, { __index = _G })
  --- A group of specs; `body` runs at once, declaring its `it`s and nested groups.
  ---@param name string
  ---@param body fun()
  function env.describe(name, body)
    local outer = current
    current = { parent = outer, names = { table.unpack(outer.names) }, before = {}, after = {} }
    current.names[#current.names + 1] = tostring(name)
    body()
    current = outer
  end
  --- One spec: `body` runs later in a task of its own, after the before_each of its groups.
  ---@param name string
  ---@param body fun()
  function env.it(name, body)
    local names = { table.unpack(current.names) }
    names[#names + 1] = tostring(name)
    tests[#tests + 1] = { name = table.concat(names, " "), body = body, group = current,
      line = debug.getinfo(2, "l").currentline }
  end
  --- Runs `fn` before each spec of the current group (and of groups inside it).
  ---@param fn fun()
  function env.before_each(fn) current.before[#current.before + 1] = fn end
  --- Runs `fn` after each spec of the current group, even a failed one.
  ---@param fn fun()
  function env.after_each(fn) current.after[#current.after + 1] = fn end

  -- `showcall test --junit` collects each spec's outcome.
  local results = package.preload["showcall.spec_results"] and require("showcall.spec_results")
  local function record(name, status, message, line, started)
    if results then
      results.add { file = path, name = name, status = status, message = message, line = line, seconds = sc.now() - started }
    end
  end

  local chunk, load_err = loadfile(path, "t", env)
  if not chunk then
    print(("ERROR %s\n      %s"):format(path, load_err))
    record(path, "error", tostring(load_err), nil, sc.now())
    return 0, 0, 1
  end
  local file = debug.getinfo(chunk, "S").short_src
  local loaded, top_err = pcall(chunk)
  if not loaded then
    print(("ERROR %s: %s"):format(path, tostring(top_err)))
    record(path, "error", tostring(top_err), nil, sc.now())
    return 0, 0, 1
  end

  local passed, failed, errors = 0, 0, 0
  for _, t in ipairs(tests) do
    local chain = {}
    local g = t.group
    while g do table.insert(chain, 1, g); g = g.parent end
    local where
    local function handler(err)
      if not is_failure(err) then where = where or locate(file, 3) end
      return err
    end
    local function run()
      for _, group in ipairs(chain) do
        for _, fn in ipairs(group.before) do fn() end
      end
      local ok, err = xpcall(t.body, handler)
      for i = #chain, 1, -1 do
        for _, fn in ipairs(chain[i].after) do
          local after_ok, after_err = xpcall(fn, handler)
          if ok and not after_ok then ok, err = false, after_err end
        end
      end
      if not ok then error(err, 0) end
    end
    -- The outcome is kept here, not returned: a task's results reach its parent as plain data.
    local ok, err
    local started = sc.now()
    local finished, timeout_err = pcall(sc.timeout, M.timeout, function() ok, err = xpcall(run, handler) end)
    if not finished then ok, err = false, message_of(timeout_err) end
    if ok then
      passed = passed + 1
      record(t.name, "passed", nil, t.line, started)
    elseif is_failure(err) then
      failed = failed + 1
      print(("FAIL  %s:%d: %s\n      %s"):format(err.file, err.line, t.name, err.message))
      record(t.name, "failed", ("%s:%d: %s"):format(err.file, err.line, err.message), err.line, started)
    else
      errors = errors + 1
      local text = type(err) == "table" and show(err) or tostring(err)
      print(("ERROR %s:%d: %s\n      %s"):format(file, where or t.line, t.name, text))
      record(t.name, "error", text, where or t.line, started)
    end
  end
  return passed, failed, errors
end

return M
