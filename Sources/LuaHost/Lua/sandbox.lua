--- The sandbox's Lua half (LuaSandbox.swift installs it): blocks what leads out of the show and
--- routes every file a script names through the host's check, `check(path, write)`, which
--- answers true or false and why. `originals` receives the functions the host's own Lua (the
--- REPL's help) still needs unsandboxed.
-- luacheck: globals debug load loadfile dofile io package
local check, originals = ...
local getinfo, traceback = debug.getinfo, debug.traceback
local error, type, tostring, setmetatable = error, type, tostring, setmetatable
local SELF = getinfo(1, "S").source
originals["debug.getinfo"] = getinfo
originals["io.open"] = io.open

-- "chunk:line: " of the script code that called in: the first Lua frame not of this chunk.
local function where()
  for level = 3, 200 do
    local info = getinfo(level, "Sl")
    if not info then break end
    if info.currentline > 0 and info.source ~= SELF then
      return info.short_src .. ":" .. info.currentline .. ": "
    end
  end
  return ""
end

local function blocked(what, why)
  error(where() .. what .. " is blocked by the sandbox" .. (why and (": " .. why) or ""), 0)
end

for lib, names in pairs {
  [os] = { "os", "execute", "exit", "remove", "rename", "tmpname", "getenv" },
  [io] = { "io", "popen" },
  [package] = { "package", "loadlib" },
  [string] = { "string", "dump" },
} do
  for i = 2, #names do
    local what = names[1] .. "." .. names[i]
    lib[names[i]] = function() blocked(what) end
  end
end

local safe_debug = setmetatable({ traceback = traceback }, {
  __index = function(_, key) blocked("debug." .. tostring(key)) end,
  __metatable = false,
})
debug, package.loaded.debug = safe_debug, safe_debug

-- Files: a string (or number) names a file, which must be inside the allowed directories.
local function allow(what, name, write)
  if type(name) == "number" then name = tostring(name) end
  if type(name) ~= "string" then return end -- the original reports a bad argument
  local ok, why = check(name, write)
  if not ok then blocked(what .. " '" .. name .. "'", why) end
end

local open, lines, input, output = io.open, io.lines, io.input, io.output
function io.open(name, mode)
  allow("io.open", name, type(mode) == "string" and mode:find("[wa+]") ~= nil)
  return open(name, mode)
end
function io.lines(name, ...)
  allow("io.lines", name, false)
  return lines(name, ...)
end
function io.input(file)
  allow("io.input", file, false)
  return input(file)
end
function io.output(file)
  allow("io.output", file, true)
  return output(file)
end

-- Binary chunks: everything loads in text mode; Lua's refusal becomes the sandbox's.
local function binary(err)
  return type(err) == "string" and err:find("^attempt to load a binary chunk") ~= nil
end

local load_, loadfile_ = load, loadfile
-- `...` passes env on only when given: an explicit nil env is an empty _ENV.
function load(chunk, name, _mode, ...)
  local f, err = load_(chunk, name, "t", ...)
  if not f and binary(err) then blocked("loading a binary chunk") end
  return f, err
end

local function loadtext(what, name, ...)
  allow(what, name, false)
  local f, err = loadfile_(name, "t", ...)
  if not f and binary(err) then blocked(what .. " of a binary chunk", name) end
  return f, err
end
function loadfile(name, _mode, ...)
  return loadtext("loadfile", name, ...)
end
function dofile(name)
  local f, err = loadtext("dofile", name)
  if not f then error(err, 0) end
  return f()
end

-- package.searchpath answers only inside the allowed directories: elsewhere it says "no
-- file" as if nothing were there, so a script cannot probe for paths it may not open.
local searchpath_ = package.searchpath
local function plain(s) return (s:gsub("%p", "%%%0")) end
local function literal(s) return (s:gsub("%%", "%%%%")) end
local function searchpath(name, path, sep, rep)
  -- Numbers are strings to Lua's searchpath: the same here. Anything else, the original refuses.
  if type(name) == "number" then name = tostring(name) end
  if type(path) == "number" then path = tostring(path) end
  if type(name) ~= "string" or type(path) ~= "string" then return searchpath_(name, path, sep, rep) end
  sep, rep = sep or ".", rep or "/"
  if sep ~= "" then name = name:gsub(plain(sep), literal(rep)) end
  local tried = {}
  for template in path:gmatch("[^;]+") do
    local file = template:gsub("%?", literal(name))
    if check(file, false) then
      local f = open(file, "r")
      if f then
        f:close()
        return file
      end
      tried[#tried + 1] = "no file '" .. file .. "'"
    else
      -- The same words whether or not something is there.
      tried[#tried + 1] = "no file '" .. file .. "' (blocked by the sandbox)"
    end
  end
  return nil, table.concat(tried, "\n\t")
end
package.searchpath = searchpath

-- require: modules preloaded by the host, and Lua files inside the allowed directories.
local function search_lua(name)
  local path, err = searchpath(name, package.path)
  if not path then return err end
  local f, lerr = loadtext("require '" .. name .. "'", path)
  if not f then
    error(("error loading module '%s' from file '%s':\n\t%s"):format(name, path, lerr), 0)
  end
  return f, path
end
-- A C module runs outside every rule above: none loads, and `require` says so among what it
-- tried, whatever package.cpath says.
local function refuse_c(name)
  return "no C module '" .. name .. "': the sandbox loads Lua files only"
end
package.searchers = { package.searchers[1], search_lua, refuse_c }
package.cpath = ""
