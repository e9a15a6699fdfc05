import LuaHost

/// Completes the word under the cursor against what the running state holds: globals, table
/// fields, and the methods and properties of Swift objects. Lookups are raw (no `__index`
/// functions run), so completing never has side effects.
public enum Completion {
    static let source = #"""
    local word = ...
    local path, sep, partial = word:match("^(.*)([%.:])([%w_]*)$")
    if not path then path, sep, partial = nil, "", word end
    local value = _G
    if path then
      for name in path:gmatch("[^%.:]+") do
        -- Only plain tables are walked: reading through an object would run its __index.
        value = type(value) == "table" and rawget(value, name) or nil
        if value == nil then return {} end
      end
    end
    local names, seen = {}, {}
    local function add(k)
      if type(k) == "string" and k:match("^[%a_][%w_]*$") and k:sub(1, #partial) == partial and not seen[k] then
        seen[k] = true
        names[#names + 1] = (path and (path .. sep) or "") .. k
      end
    end
    if type(value) == "table" then for k in next, value do add(k) end end
    local mt = getmetatable(value)
    if type(mt) == "table" then
      if type(mt.__members) == "table" then for _, k in ipairs(mt.__members) do add(k) end end
      if type(mt.__index) == "table" then for k in next, mt.__index do add(k) end end
    end
    table.sort(names)
    return names
    """#

    public static func candidates(in state: LuaState, for word: String) -> [String] {
        guard let values = try? state.load(source, name: "=[showcall completion]").call([word]),
              case .table(let table)? = values.first else { return [] }
        return table.array.compactMap { if case .string(let s) = $0 { s.string } else { nil } }
    }
}
