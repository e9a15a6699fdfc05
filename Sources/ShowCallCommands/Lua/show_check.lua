--- `showcall check`, and `plan` and `--rehearse` before they run: what can be known about a
--- script without running it. It reads the source (which has compiled: its syntax is sound)
--- as Lua's own parser does, keeping the scopes, and reports
---   * a read of a global that is neither standard nor set anywhere in the file (luacheck's
---     "accessing undefined variable");
---   * a `require "NAME"` that no searcher of this state finds;
---   * a method or field a platform object or module does not have, following values from
---     `require "showcall.vbrick"` through the return types the bindings declare
---     (`vbrick.event(ID):strat()`), and a field a Lua library's module table lacks.
--- Called with the bindings' catalogue (`modules[NAME][FUNCTION] = RETURN_TYPE or false`,
--- `types[TYPE][MEMBER] = {kind =, type =}`), the source, the module names a suggestion may
--- offer, the globals the script may read beyond `_G` and the modules it may require beyond
--- what this state finds (`showcall.sim` in a spec); returns the findings,
--- `{line =, message =}`, in source order.
local catalogue, source, module_names, extra_globals, extra_modules = ...

local ok_declare, declare = pcall(require, "showcall.show.declare")
local function suggest(given, names)
  return ok_declare and declare.suggest(given, names) or ""
end

local function sorted_keys(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  table.sort(out)
  return out
end

-- Tokens ------------------------------------------------------------------------------------

local KEYWORDS = {}
for w in ([[and break do else elseif end false for function goto if in local nil not or
  repeat return then true until while]]):gmatch("%a+") do KEYWORDS[w] = true end

local SYMBOLS = { "...", "..", "==", "~=", "<=", ">=", "<<", ">>", "//", "::" }

--- The tokens of `src`: `{ kind = "name"|"keyword"|"string"|"number"|"symbol"|"eof", value =, line = }`.
local function tokenize(src)
  local tokens, i, line, n = {}, 1, 1, #src
  local function push(kind, value) tokens[#tokens + 1] = { kind = kind, value = value, line = line } end
  local function count_lines(s) local _, k = s:gsub("\n", ""); line = line + k end
  -- A long bracket `[==[ ... ]==]` starting at `at`: its contents and the index after it.
  local function long_bracket(at)
    local eqs = src:match("^%[(=*)%[", at)
    if not eqs then return nil end
    local close = "]" .. eqs .. "]"
    local first = at + #eqs + 2
    local stop = src:find(close, first, true)
    if not stop then return src:sub(first), n + 1 end
    return src:sub(first, stop - 1), stop + #close
  end
  if src:sub(1, 1) == "#" then i = (src:find("\n", 1, true) or n + 1) end
  while i <= n do
    local c = src:sub(i, i)
    if c == "\n" then
      line, i = line + 1, i + 1
    elseif c:match("%s") then
      i = i + 1
    elseif src:sub(i, i + 1) == "--" then
      local body, after = long_bracket(i + 2)
      if body then
        count_lines(body)
        i = after
      else
        i = src:find("\n", i, true) or n + 1
      end
    elseif c:match("[%a_]") then
      local word = src:match("^[%w_]+", i)
      push(KEYWORDS[word] and "keyword" or "name", word)
      i = i + #word
    elseif c:match("%d") or (c == "." and src:sub(i + 1, i + 1):match("%d")) then
      local j = i
      repeat
        local m = src:match("^[%w%.]+", j) or ""
        j = j + #m
        local last = src:sub(j - 1, j - 1):lower()
        local sign = src:sub(j, j)
        local hex = src:sub(i, i + 1):lower() == "0x"
        local more = (sign == "+" or sign == "-") and ((not hex and last == "e") or (hex and last == "p"))
        if more then j = j + 1 end
      until not more
      push("number", src:sub(i, j - 1))
      i = j
    elseif c == '"' or c == "'" then
      local j, start = i + 1, line
      while j <= n do
        local d = src:sub(j, j)
        if d == "\\" then
          if src:sub(j + 1, j + 1) == "\n" then line = line + 1 end
          if src:sub(j + 1, j + 1) == "z" then
            local ws = src:match("^%s*", j + 2)
            count_lines(ws)
            j = j + 1 + #ws
          end
          j = j + 2
        elseif d == c or d == "\n" then
          break
        else
          j = j + 1
        end
      end
      tokens[#tokens + 1] = { kind = "string", value = src:sub(i + 1, j - 1), line = start }
      i = j + 1
    elseif c == "[" and src:match("^%[=*%[", i) then
      local start = line
      local body, after = long_bracket(i)
      tokens[#tokens + 1] = { kind = "string", value = body:gsub("^\n", ""), line = start }
      count_lines(body)
      i = after
    else
      local sym = c
      for _, s in ipairs(SYMBOLS) do
        if src:sub(i, i + #s - 1) == s then sym = s break end
      end
      push("symbol", sym)
      i = i + #sym
    end
  end
  push("eof", "")
  return tokens
end

-- Scopes, findings --------------------------------------------------------------------------

local findings, reported = {}, {}
local function report(line, message)
  local key = line .. "\0" .. message
  if reported[key] then return end
  reported[key] = true
  findings[#findings + 1] = { line = line, message = message, order = #findings }
end

local scopes = {}
local global_reads, global_sets = {}, {}

local function open_scope() scopes[#scopes + 1] = {} end
local function close_scope() scopes[#scopes] = nil end
local function declare_local(name, shape) scopes[#scopes][name] = { shape = shape } end
local function lookup(name)
  for k = #scopes, 1, -1 do
    local v = scopes[k][name]
    if v then return v end
  end
end

-- Shapes: what a value is known to be. `{ module = NAME }` a module of Swift functions,
-- `{ library = NAME, value = TABLE }` a Lua library's module table, `{ object = TYPE }` a
-- platform object, `{ returns = TYPE }` a function whose call gives one, `{ require = true }`
-- the global `require`. Anything else is nil: unknown, never checked.

local modules, types = catalogue.modules, catalogue.types
local provided = {}
for _, name in ipairs(extra_modules) do provided[name] = true end

local function member_names(t)
  return sorted_keys(t)
end

local function index_shape(shape, name, line, call_with_colon)
  if not shape then return nil end
  if shape.module then
    local fns = modules[shape.module]
    local ret = fns[name]
    if ret == nil then
      report(line, ("unknown function '%s' in module '%s'%s"):format(name, shape.module, suggest(name, member_names(fns))))
      return nil
    end
    return { returns = ret or nil }
  elseif shape.object then
    local members = types[shape.object]
    local m = members[name]
    if not m then
      local what = call_with_colon and "method" or "field"
      report(line, ("unknown %s '%s' on %s%s"):format(what, name, shape.object, suggest(name, member_names(members))))
      return nil
    end
    if m.kind == "property" then return m.type and types[m.type] and { object = m.type } or nil end
    return { returns = m.type, method = true }
  elseif shape.library then
    local mt = getmetatable(shape.value)
    if rawget(shape.value, name) == nil and not (type(mt) == "table" and mt.__index ~= nil) then
      local names = {}
      for k in pairs(shape.value) do if type(k) == "string" then names[#names + 1] = k end end
      table.sort(names)
      report(line, ("unknown field '%s' in module '%s'%s"):format(name, shape.library, suggest(name, names)))
    end
    return nil
  end
  return nil
end

local function call_shape(shape)
  if shape and shape.returns and types[shape.returns] then return { object = shape.returns } end
  return nil
end

--- The shape `require(NAME)` gives, after checking that some searcher finds NAME.
local function require_shape(name, line)
  if modules[name] then return { module = name } end
  if provided[name] then return nil end
  if package.preload[name] or package.loaded[name] ~= nil then
    local value = package.loaded[name]
    return type(value) == "table" and { library = name, value = value } or nil
  end
  local found = package.searchpath(name, package.path) or package.searchpath(name, package.cpath)
  if not found then
    report(line, ("module '%s' not found%s"):format(name, suggest(name, module_names)))
    return nil
  end
  -- A library beside ShowCall's: load it to know its fields, unless loading it fails (its
  -- own errors are its own check's, not this script's).
  if name:match("^showcall%.") or name == "showcall" then
    local ok, value = pcall(require, name)
    if ok and type(value) == "table" then return { library = name, value = value } end
  end
  return nil
end

-- The parser: Lua 5.4's grammar, as lparser.c has it, keeping only scopes and shapes -------

local tokens = tokenize(source)
local pos = 1
local function peek() return tokens[pos] end
local function next_token() local t = tokens[pos]; pos = pos + 1; return t end
local function is(value) local t = tokens[pos]; return (t.kind == "symbol" or t.kind == "keyword") and t.value == value end
local function accept(value) if is(value) then pos = pos + 1 return true end return false end
local function expect(value)
  if not accept(value) then error(("check: expected '%s' at line %d"):format(value, tokens[pos].line), 0) end
end
local function name() local t = next_token(); return t.value, t.line end

local expr, block

local function block_ends()
  local t = peek()
  return t.kind == "eof" or (t.kind == "keyword" and (t.value == "end" or t.value == "else" or t.value == "elseif" or t.value == "until"))
end

local function body(is_method)
  open_scope()
  if is_method then declare_local("self") end
  expect("(")
  if not is(")") then
    repeat
      if accept("...") then break end
      declare_local((name()))
    until not accept(",")
  end
  expect(")")
  block()
  expect("end")
  close_scope()
end

local function explist()
  local shapes = { expr() }
  while accept(",") do shapes[#shapes + 1] = expr() end
  return shapes
end

local function table_constructor()
  expect("{")
  while not is("}") do
    if is("[") then
      next_token(); expr(); expect("]"); expect("="); expr()
    elseif peek().kind == "name" and tokens[pos + 1].kind == "symbol" and tokens[pos + 1].value == "=" then
      next_token(); next_token(); expr()
    else
      expr()
    end
    if not accept(",") and not accept(";") then break end
  end
  expect("}")
end

--- Call arguments; returns the string literal when the only argument is one.
local function args()
  local t = peek()
  if t.kind == "string" then next_token() return t.value end
  if is("{") then table_constructor() return nil end
  expect("(")
  local literal
  if not is(")") then
    local first = peek()
    explist()
    if first.kind == "string" and tokens[pos].value == ")" and tokens[pos - 1] == first then literal = first.value end
  end
  expect(")")
  return literal
end

local function primary()
  local t = peek()
  if t.kind == "name" then
    next_token()
    local var = lookup(t.value)
    if var then return var.shape, t end
    global_reads[#global_reads + 1] = t
    if t.value == "require" then return { require = true }, t end
    return nil, t
  end
  expect("(")
  expr()
  expect(")")
  return nil, nil
end

--- A prefix expression and its suffixes; returns its shape and whether it ended in a call,
--- and the name token when it is a bare name (an assignment's target).
local function suffixed()
  local shape, bare = primary()
  local called = false
  while true do
    local t = peek()
    if is(".") then
      next_token()
      local field, line = name()
      shape, bare, called = index_shape(shape, field, line, false), nil, false
    elseif is("[") then
      next_token(); expr(); expect("]")
      shape, bare, called = nil, nil, false
    elseif is(":") then
      next_token()
      local method, line = name()
      local m = index_shape(shape, method, line, true)
      args()
      shape, bare, called = call_shape(m), nil, true
    elseif t.kind == "string" or is("(") or is("{") then
      local line = t.line
      local literal = args()
      if shape and shape.require then
        shape = literal and require_shape(literal, line) or nil
      else
        shape = call_shape(shape)
      end
      bare, called = nil, true
    else
      return shape, called, bare
    end
  end
end

local UNARY = { ["not"] = true, ["-"] = true, ["#"] = true, ["~"] = true }
local BINARY = {}
for _, op in ipairs { "+", "-", "*", "/", "//", "%", "^", "..", "==", "~=", "<", "<=", ">", ">=",
  "and", "or", "&", "|", "~", "<<", ">>" } do BINARY[op] = true end

local function simple()
  local t = peek()
  if t.kind == "number" or t.kind == "string" then next_token() return nil end
  if t.kind == "keyword" and (t.value == "nil" or t.value == "true" or t.value == "false") then next_token() return nil end
  if is("...") then next_token() return nil end
  if is("{") then table_constructor() return nil end
  if accept("function") then body(false) return nil end
  return (suffixed())
end

function expr()
  local t = peek()
  local shape
  if (t.kind == "keyword" or t.kind == "symbol") and UNARY[t.value] then
    next_token()
    expr()
    shape = nil
  else
    shape = simple()
  end
  while (peek().kind == "keyword" or peek().kind == "symbol") and BINARY[peek().value] do
    next_token()
    expr()
    shape = nil
  end
  return shape
end

local function statement()
  if accept(";") then return end
  if accept("::") then name(); expect("::") return end
  if accept("break") then return end
  if accept("goto") then name() return end
  if accept("do") then open_scope(); block(); expect("end"); close_scope() return end
  if accept("while") then expr(); expect("do"); open_scope(); block(); expect("end"); close_scope() return end
  if accept("repeat") then open_scope(); block(); expect("until"); expr(); close_scope() return end
  if accept("if") then
    expr(); expect("then"); open_scope(); block(); close_scope()
    while accept("elseif") do expr(); expect("then"); open_scope(); block(); close_scope() end
    if accept("else") then open_scope(); block(); close_scope() end
    expect("end")
    return
  end
  if accept("for") then
    local names = { (name()) }
    if accept("=") then
      expr(); expect(","); expr()
      if accept(",") then expr() end
    else
      while accept(",") do names[#names + 1] = name() end
      expect("in")
      explist()
    end
    expect("do")
    open_scope()
    for _, n in ipairs(names) do declare_local(n) end
    block()
    expect("end")
    close_scope()
    return
  end
  if accept("function") then
    local n = name()
    local var = lookup(n)
    if not var then global_sets[n] = true end
    local is_method, dotted = false, false
    while is(".") or is(":") do
      dotted = true
      is_method = next_token().value == ":"
      name()
      if is_method then break end
    end
    if var and not dotted then var.shape = nil end
    body(is_method)
    return
  end
  if accept("local") then
    if accept("function") then
      declare_local((name()))
      body(false)
      return
    end
    local names = {}
    repeat
      names[#names + 1] = name()
      if accept("<") then name(); expect(">") end
    until not accept(",")
    local shapes = {}
    if accept("=") then shapes = explist() end
    for k, n in ipairs(names) do declare_local(n, shapes[k]) end
    return
  end
  if accept("return") then
    if not block_ends() and not is(";") then explist() end
    accept(";")
    return
  end
  -- An expression statement: a call, or an assignment to one or more targets.
  local targets = {}
  local _, _, bare = suffixed()
  targets[1] = bare
  if is("=") or is(",") then
    -- The targets were read as reads; a bare name being assigned is a set, not a read.
    if bare and global_reads[#global_reads] == bare then global_reads[#global_reads] = nil end
    while accept(",") do
      local _, _, b = suffixed()
      if b and global_reads[#global_reads] == b then global_reads[#global_reads] = nil end
      targets[#targets + 1] = b
    end
    expect("=")
    explist()
    for _, b in ipairs(targets) do
      if b then
        local var = lookup(b.value)
        if var then var.shape = nil else global_sets[b.value] = true end
      end
    end
  end
end

function block()
  while not block_ends() do statement() end
end

open_scope()
declare_local("...")
local ok, err = pcall(block)
if not ok then
  -- The source compiled, so this is the checker's own limit: say so rather than guess.
  return { { line = tokens[pos] and tokens[pos].line or 1, message = "check could not read this line (" .. tostring(err) .. ")" } }
end

local known = {}
for k in pairs(_G) do known[k] = true end
for _, g in ipairs(extra_globals) do known[g] = true end
for _, t in ipairs(global_reads) do
  if not known[t.value] and not global_sets[t.value] then
    report(t.line, ("accessing undefined variable '%s'"):format(t.value))
  end
end

table.sort(findings, function(a, b) return a.line < b.line or (a.line == b.line and a.order < b.order) end)
return findings
