--- The REPL's runner: calls a compiled line and renders what it returns with the pretty
--- printer (its source and whether to colour are the arguments).
local pretty_source, color = ...
local pretty = assert(load(pretty_source, "=[showcall pretty printer]"))(color)

---@param chunk function the line, compiled
---@return string? rendered the values it returned, if any
return function(chunk, ...)
  local r = table.pack(chunk(...))
  if r.n > 0 then return pretty(table.unpack(r, 1, r.n)) end
end
