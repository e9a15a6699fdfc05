--- Clock and countdown helpers for cues and displays, on the show clock (virtual in a
--- rehearsal): formatting durations and T-minus, time left to a clock time, and waits that
--- log (or call back) at chosen marks.
---
---     local countdown = require "showcall.countdown"
---     countdown.tminus(300)                          --> "T-05:00"
---     countdown.remaining("12:00", { tz = "America/New_York" })
---     countdown.run("12:00", { label = "go-live", marks = { 600, 300, 60, 10 } })
local core = require "showcall.core"
local sc = require "showcall"

local M = {}

--- Waits until `t` (seconds since 1970) unless it has come already: `sc.at` would warn.
---@param t number
local function wait_until(t)
  if t > core.now() then sc.at(t) end
end

--- The marks `run` uses unless told otherwise, in seconds before the time.
M.MARKS = { 3600, 1800, 900, 600, 300, 120, 60, 30, 10, 5, 4, 3, 2, 1 }

--- A duration as "MM:SS", or "H:MM:SS" from an hour up; whole seconds, rounded down; a
--- negative duration reads as its size.
---@param seconds number
---@return string
function M.format(seconds)
  if type(seconds) ~= "number" then error("countdown.format: seconds must be a number, not " .. type(seconds), 2) end
  local s = math.floor(math.abs(seconds))
  local h, m = s // 3600, s % 3600 // 60
  if h > 0 then return ("%d:%02d:%02d"):format(h, m, s % 60) end
  return ("%02d:%02d"):format(m, s % 60)
end

--- "T-MM:SS" while `seconds` remain, "T+MM:SS" once past (as a launch clock counts up).
--- Part of a second left still counts as that second; the moment itself reads T+00:00.
---@param seconds number seconds remaining (negative once past)
---@return string
function M.tminus(seconds)
  if type(seconds) ~= "number" then error("countdown.tminus: seconds must be a number, not " .. type(seconds), 2) end
  if seconds > 0 then return "T-" .. M.format(math.ceil(seconds)) end
  return "T+" .. M.format(-seconds)
end

--- Seconds from the show clock's now to `time`: "HH:MM[:SS]" (resolved as `showcall.at` does),
--- ISO-8601 or seconds since 1970; negative once it has passed.
---@param time string|number
---@param opts? {tz?: string}
---@return number
function M.remaining(time, opts)
  local ok, t = pcall(core.resolve_time, time, opts)
  if not ok then error("countdown.remaining: " .. sc.error_message(t), 2) end
  return t - core.now()
end

--- The show clock's time of day, "HH:MM:SS" in the show's zone: now, or at `time` (seconds since 1970).
---@param time? number
---@return string
function M.clock(time)
  return core.timestamp(time or core.now()):sub(1, 8)
end

--- Waits until `time`, logging "LABEL T-05:00" (or calling `on_mark(remaining)` instead) at each
--- mark still ahead, given in seconds before the time. Marks already passed are skipped. Returns
--- the seconds it was late by (0 in a rehearsal, a few milliseconds live).
---@param time string|number "HH:MM[:SS]", ISO-8601 or seconds since 1970
---@param opts? {tz?: string, label?: string, marks?: number[], on_mark?: fun(remaining: number)}
---@return number
function M.run(time, opts)
  opts = opts or {}
  local ok, target = pcall(core.resolve_time, time, { tz = opts.tz })
  if not ok then error("countdown.run: " .. sc.error_message(target), 2) end
  local marks = {}
  for _, m in ipairs(opts.marks or M.MARKS) do marks[#marks + 1] = m end
  table.sort(marks, function(a, b) return a > b end)
  local label = opts.label or "countdown"
  local on_mark = opts.on_mark or function(remaining) sc.log.info(label .. " " .. M.tminus(remaining)) end
  for _, mark in ipairs(marks) do
    local at = target - mark
    if at > core.now() then
      sc.at(at)
      on_mark(mark)
    end
  end
  wait_until(target)
  return core.now() - target
end

--- Calls `fn(remaining)` every `every` seconds (default 1), on the whole seconds of the
--- countdown, until `time`; then once more with 0. For a display that shows the time left.
---@param time string|number "HH:MM[:SS]", ISO-8601 or seconds since 1970
---@param fn fun(remaining: number)
---@param opts? {tz?: string, every?: number}
function M.each(time, fn, opts)
  opts = opts or {}
  local every = opts.every or 1
  if type(every) ~= "number" or every <= 0 then error("countdown.each: every must be a number of seconds > 0", 2) end
  local ok, target = pcall(core.resolve_time, time, { tz = opts.tz })
  if not ok then error("countdown.each: " .. sc.error_message(target), 2) end
  local left = target - core.now()
  -- Ticks land on whole multiples of `every` before the time, so a display never shows 4:59.5.
  local step = math.ceil(left / every) * every
  while step > 0 do
    wait_until(target - step)
    fn(step)
    step = step - every
  end
  wait_until(target)
  fn(0)
end

return M
