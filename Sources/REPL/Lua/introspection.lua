--- Tab completion and `:help` (Introspection.swift): reads the state raw, never calls, and
--- follows a call through the return type its binding documents. Called with the bindings'
--- catalogue and the unsandboxed `debug.getinfo` and `io.open` (nil outside the sandbox);
--- returns `function(op, arg)` for "complete" and "help".
local catalogue, getinfo, open = ...
local types, functions = catalogue.types, catalogue.functions
local searchpath, loaded = package.searchpath, package.loaded
getinfo, open = getinfo or debug.getinfo, open or io.open

local function docs_of(mt)
  return type(mt) == "table" and rawget(mt, "__docs") or nil
end

-- A subject is what a path leads to: { value = v } for a value read raw (with `parent`
-- and `key` when it is a field), { mt = metatable } for an object of a documented type,
-- { member = doc, owner = mt, key = name } for a documented method or property.
local function member(mt, name)
  local d = docs_of(mt)[name]
  if not d then return nil end
  if d.kind == "property" and d.type and types[d.type] then
    return { mt = types[d.type], member = d, owner = mt, key = name }
  end
  return { member = d, owner = mt, key = name }
end

local function field(subject, name)
  if subject.mt then return member(subject.mt, name) end
  local v = subject.value
  if v == nil then return nil end
  if type(v) == "table" then
    local got = rawget(v, name)
    if got ~= nil then return { value = got, parent = v, key = name } end
  end
  local mt = getmetatable(v)
  if docs_of(mt) then return member(mt, name) end
  local index = type(mt) == "table" and rawget(mt, "__index")
  if type(index) == "table" and rawget(index, name) ~= nil then
    return { value = rawget(index, name), parent = index, key = name }
  end
end

-- Follows a call through the return type its function or method documents.
local function call(subject)
  local d = subject.member and subject.member.kind ~= "property" and subject.member
    or (type(subject.value) == "function" and functions[subject.value])
  if d and d.type and types[d.type] then return { mt = types[d.type] } end
end

-- The index of the bracket closing the one at `i`, skipping string literals.
local function closing(s, i)
  local depth, j = 0, i
  while j <= #s do
    local c = s:sub(j, j)
    if c == '"' or c == "'" then
      j = j + 1
      while j <= #s and s:sub(j, j) ~= c do
        if s:sub(j, j) == "\\" then j = j + 1 end
        j = j + 1
      end
    elseif c == "(" or c == "{" then
      depth = depth + 1
    elseif c == ")" or c == "}" then
      depth = depth - 1
      if depth == 0 then return j end
    end
    j = j + 1
  end
end

-- Walks `path` ("zoom.webinar(1).livestream") from the globals; nil where it cannot be
-- followed without running code.
local function walk(path)
  local name = path:match("^[%a_][%w_]*")
  if not name then return nil end
  local subject, i = field({ value = _G }, name), #name + 1
  while subject and i <= #path do
    local c = path:sub(i, i)
    if c == "." or c == ":" then
      name = path:match("^[%a_][%w_]*", i + 1)
      if not name then return nil end
      subject, i = field(subject, name), i + 1 + #name
    elseif c == "(" or c == "{" then
      local close = closing(path, i)
      if not close then return nil end
      subject, i = call(subject), close + 1
    else
      return nil
    end
  end
  return subject
end

-- Where the expression being completed starts in the word libedit hands over.
local function expression_start(word)
  local depth = 0
  for i = #word, 1, -1 do
    local c = word:sub(i, i)
    if c == ")" or c == "}" then
      depth = depth + 1
    elseif c == "(" or c == "{" then
      if depth == 0 then return i + 1 end
      depth = depth - 1
    elseif depth == 0 and not c:match("[%w_.:]") then
      return i + 1
    end
  end
  return 1
end

local function names(subject, methods_only)
  local out, seen = {}, {}
  local function add(k, is_method)
    if type(k) == "string" and k:match("^[%a_][%w_]*$") and not seen[k] and (is_method or not methods_only) then
      seen[k] = true
      out[#out + 1] = k
    end
  end
  local mt = subject.mt
  local v = subject.value
  if v ~= nil then
    if type(v) == "table" then
      for k, x in next, v do add(k, type(x) == "function") end
    end
    mt = getmetatable(v)
    local index = type(mt) == "table" and rawget(mt, "__index")
    if not docs_of(mt) and type(index) == "table" then
      for k, x in next, index do add(k, type(x) == "function") end
    end
    if type(v) == "string" then
      for k in next, string do add(k, true) end
    end
  end
  local docs = docs_of(mt)
  if docs then
    for k, d in next, docs do add(k, d.kind == "method") end
  end
  table.sort(out)
  return out
end

local function complete(word)
  local start = expression_start(word)
  local head, expression = word:sub(1, start - 1), word:sub(start)
  local base, sep, partial = expression:match("^(.*)([%.:])([%w_]*)$")
  local subject
  if base then
    subject = base ~= "" and walk(base)
  else
    base, sep, partial, subject = "", "", expression, { value = _G }
  end
  if not subject then return {} end
  local out = {}
  for _, k in ipairs(names(subject, sep == ":")) do
    if k:sub(1, #partial) == partial then out[#out + 1] = head .. base .. sep .. k end
  end
  return out
end

-- A source file's lines, read once.
local files = {}
local function lines_of(path)
  local lines = files[path]
  if not lines then
    lines = {}
    local f = open(path)
    if f then
      for l in f:lines() do lines[#lines + 1] = l end
      f:close()
    end
    files[path] = lines
  end
  return lines
end

-- Documentation from source: the `---` block right above line `n` of a file.
local function comment_above(path, n)
  local lines = lines_of(path)
  local out, i = {}, n - 1
  while i >= 1 and lines[i]:match("^%s*%-%-%-") do
    table.insert(out, 1, (lines[i]:gsub("^%s*%-%-%-%s?", "")))
    i = i - 1
  end
  return #out > 0 and table.concat(out, "\n") or nil
end

local function module_file(t)
  for name, m in next, loaded do
    if m == t then return searchpath(name, package.path), name end
  end
end

-- The `---` comment above `M.key = ...` or `function M.key(` in the module file of `t`.
local function field_doc(t, key)
  local path = module_file(t)
  if not path then return nil end
  for n, l in ipairs(lines_of(path)) do
    if l:match("^%s*[%w_]+%." .. key .. "%s*=") or l:match("^%s*function%s+[%w_]+[%.:]" .. key .. "%s*%(") then
      return comment_above(path, n)
    end
  end
end

-- A library's LuaLS comment first (what the editor shows), then the binding's own doc,
-- then the comment above the function's definition.
local function value_doc(subject)
  local v = subject.value
  local doc = subject.parent and field_doc(subject.parent, subject.key)
  if doc then return doc end
  if type(v) == "function" then
    if functions[v] then return functions[v].doc end
    local info = getinfo(v, "S")
    if info.source:sub(1, 1) == "@" then return comment_above(info.source:sub(2), info.linedefined) end
  end
end

local function first_line(text)
  return text and text:match("^[^\n]*") or ""
end

local function listing(rows)
  local width = 0
  for _, r in ipairs(rows) do width = math.max(width, #r[1]) end
  local out = {}
  for _, r in ipairs(rows) do
    out[#out + 1] = "  " .. r[1] .. string.rep(" ", width - #r[1] + 2) .. r[2]
  end
  return table.concat(out, "\n") .. "\n"
end

-- "(a, b)": a documented call's parameter names.
local function arguments(d)
  local out = {}
  for i, p in ipairs(d.params) do out[i] = p.name end
  return "(" .. table.concat(out, ", ") .. ")"
end

local function members_of(mt)
  local rows = {}
  for _, k in ipairs(names({ mt = mt }, false)) do
    local d = docs_of(mt)[k]
    rows[#rows + 1] = { d.kind == "method" and ":" .. k .. arguments(d) or "." .. k, first_line(d.doc) }
  end
  return listing(rows)
end

local function help(name)
  local subject = walk(name)
  if not subject then
    return name .. ": nothing by that name here (a global, a field, or a documented call)\n"
  end
  local out = {}
  if subject.member then
    local d = subject.member
    local owner = rawget(subject.owner, "__name")
    if d.kind == "property" then
      out[#out + 1] = ("%s: property of %s, a %s"):format(name, owner, d.signature)
    else
      out[#out + 1] = ("%s: method of %s\n  %s:%s%s"):format(name, owner, owner, subject.key, d.signature)
    end
    if d.doc ~= "" then out[#out + 1] = "  " .. d.doc end
    if subject.mt then out[#out + 1] = members_of(subject.mt) end
    return table.concat(out, "\n") .. (subject.mt and "" or "\n")
  end
  if subject.mt then
    return ("%s: %s\n"):format(name, rawget(subject.mt, "__name")) .. members_of(subject.mt)
  end
  local v = subject.value
  local mt = getmetatable(v)
  if docs_of(mt) then
    return ("%s: %s\n"):format(name, rawget(mt, "__name")) .. members_of(mt)
  end
  local header = name .. ": " .. type(v)
  if type(v) ~= "table" and type(v) ~= "function" then header = header .. " " .. tostring(v) end
  local doc = value_doc(subject)
  out[#out + 1] = header
  local d = type(v) == "function" and functions[v]
  if d and doc == d.doc then out[#out + 1] = "  " .. name .. d.signature end
  if doc then out[#out + 1] = "  " .. doc:gsub("\n", "\n  ") end
  if type(v) == "table" then
    local rows = {}
    for _, k in ipairs(names(subject, false)) do
      local x = rawget(v, k)
      local xd = field_doc(v, k) or type(x) == "function" and functions[x] and functions[x].doc
      rows[#rows + 1] = { k, xd and first_line(xd) or type(x) }
    end
    if #rows > 0 then return table.concat(out, "\n") .. "\n" .. listing(rows) end
  end
  return table.concat(out, "\n") .. "\n"
end

return function(op, arg)
  if op == "complete" then return complete(arg) end
  return help(arg)
end
