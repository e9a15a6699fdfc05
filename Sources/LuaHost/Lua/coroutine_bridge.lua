--- The coroutine bridge (CoroutineBridge.swift installs it): an await inside the script's own
--- coroutines passes through them to the host, while the script's own yields stay between its
--- coroutines; host tasks look like the main thread. Called with the await marker, the weak
--- table of host task coroutines and the message for an await where none can happen.
-- luacheck: globals coroutine
local MARK, roots, cannot_wait = ...
local co = coroutine
local create, resume, yield, close = co.create, co.resume, co.yield, co.close
local running, isyieldable, status = co.running, co.isyieldable, co.status
local main = running()
local error, type = error, type

-- An inner coroutine awaited the host: pass the await outward, feed the answer back in.
local function relay(c, ok, first, ...)
  if ok and first == MARK then
    if isyieldable() then
      return relay(c, resume(c, yield(MARK)))
    end
    return relay(c, resume(c, false, cannot_wait))
  end
  return ok, first, ...
end

function co.resume(c, ...)
  return relay(c, resume(c, ...))
end

local function unwrap(c, ok, ...)
  if ok then return ... end
  local err = ...
  if status(c) == "dead" then close(c) end
  if type(err) == "string" then error(err, 2) end
  error(err, 0)
end

function co.wrap(f)
  local c = create(f)
  return function(...)
    return unwrap(c, relay(c, resume(c, ...)))
  end
end

function co.running()
  local c, ismain = running()
  if roots[c] then return main, true end
  return c, ismain
end

function co.isyieldable(c)
  c = c or running()
  if roots[c] then return false end
  return isyieldable(c)
end

function co.yield(...)
  if roots[running()] then error("attempt to yield from outside a coroutine", 0) end
  return yield(...)
end

function co.status(c)
  if c == main and roots[running()] then return "running" end
  return status(c)
end
