--- The REPL's renderer of values, in Lua so that it sees exactly what scripts see (metamethods,
--- userdata `tostring`): tables with sorted keys, short tables on one line, a depth limit,
--- cycles marked, strings quoted so that binary and control bytes print safely.
--- Called with whether to colour; returns the function that renders its arguments.
local color = ...
local concat, sort, fmt = table.concat, table.sort, string.format
local MAX_DEPTH, WIDTH = 4, 72

local function paint(code, text)
  if not color then return text end
  return "\27[" .. code .. "m" .. text .. "\27[0m"
end

local function is_identifier(k)
  return type(k) == "string" and k:match("^[%a_][%w_]*$") ~= nil
end

local order = { number = 1, string = 2, boolean = 3 }
local function before(a, b)
  local ta, tb = order[type(a)] or 4, order[type(b)] or 4
  if ta ~= tb then return ta < tb end
  if ta == 4 or ta == 3 then return tostring(a) < tostring(b) end
  return a < b
end

local render

local function scalar(v)
  local t = type(v)
  if t == "string" then return paint("32", fmt("%q", v):gsub("\\\n", "\\n")) end
  if t == "number" then return paint("33", tostring(v)) end
  if t == "nil" or t == "boolean" then return paint("35", tostring(v)) end
  return paint("36", tostring(v))
end

local function key_text(k, seen, depth)
  if is_identifier(k) then return k end
  return "[" .. render(k, seen, depth, "") .. "]"
end

function render(v, seen, depth, indent)
  if type(v) ~= "table" or (getmetatable(v) and getmetatable(v).__tostring) then return scalar(v) end
  if seen[v] then return paint("31", "<cycle>") end
  if depth >= MAX_DEPTH then return "{...}" end
  seen[v] = true
  local n, parts, keys = #v, {}, {}
  for i = 1, n do parts[#parts + 1] = render(v[i], seen, depth + 1, indent .. "  ") end
  for k in next, v do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  sort(keys, before)
  for _, k in ipairs(keys) do
    parts[#parts + 1] = key_text(k, seen, depth + 1) .. " = " .. render(v[k], seen, depth + 1, indent .. "  ")
  end
  seen[v] = nil
  if #parts == 0 then return "{}" end
  local line = "{ " .. concat(parts, ", ") .. " }"
  if #line <= WIDTH and not line:find("\n") then return line end
  return "{\n" .. indent .. "  " .. concat(parts, ",\n" .. indent .. "  ") .. ",\n" .. indent .. "}"
end

return function(...)
  local out = {}
  for i = 1, select("#", ...) do out[i] = render((select(i, ...)), {}, 0, "") end
  return concat(out, "\t")
end
