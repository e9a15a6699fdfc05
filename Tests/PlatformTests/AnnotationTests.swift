import Foundation
import LuaHost
import Platforms
import ShowEngine
import Testing
@testable import ShowCallCommands

/// The editor annotation files `showcall types` writes, checked against the live catalogue of
/// an engine with every backend installed (what the REPL's :help reads) and against the Lua
/// libraries in `stdlib/` as `require` loads them: whatever is bound or added, each function,
/// method and property must be annotated with its parameters and return values.
@Suite("Editor annotations (showcall types)")
struct AnnotationTests {
    struct NoProfile: Error {}

    /// The annotation files, written to a fresh directory.
    static func written() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("showcall-types-\(UUID().uuidString)").path
        try Annotations.write(try Annotations.files(stdlib: PlatformRig.stdlib), to: dir)
        return dir
    }

    static func luac(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["luac5.4"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("every file parses with luac5.4 -p, one per module, each a ---@meta file")
    func parse() throws {
        let dir = try Self.written()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".lua") }.sorted()
        #expect(Set(["vbrick.lua", "convey.lua", "webex.lua", "zoom.lua", "huawei.lua", "core.lua", "showcall.lua", "show.lua"])
            .isSubset(of: Set(files)))
        for file in files {
            // One file per luac5.4: Debian's 5.4.4 aborts (a double free) when given several.
            let result = try Self.luac(["-p", dir + "/" + file])
            #expect(result.status == 0, "\(file): \(result.output)")
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            #expect(text.hasPrefix("---@meta "), "\(file)")
        }
    }

    @Test("every binding in the catalogue and every public stdlib function is annotated with its parameters and returns")
    func complete() throws {
        let dir = try Self.written()
        let stdlib = PlatformRig.stdlib
        let modules = try FileManager.default.subpathsOfDirectory(atPath: stdlib).compactMap(Annotations.module(at:))
        let engine = try PlatformRig.engine(PlatformDirectory(resolve: { throw NoProfile() }), clock: RealClock(), mode: .plan)
        let check = try engine.state.load(Self.checker, name: "=[annotation check]")
        let main = try engine.runMain(check, args: [LuaDocumentation(), dir, LuaValue.table(LuaTable(array: modules.map { .string($0) }))])
        if let failure = main.failure { throw failure }
        guard case .table(let problems)? = main.results.first, case .table(let counts)? = main.results.dropFirst().first else {
            Issue.record("the check returned \(main.results)")
            return
        }
        let found: [String] = problems.array.map { if case .string(let s) = $0 { s.description } else { "\($0)" } }
        #expect(found == [])
        // What was checked, so that the check cannot pass by finding nothing.
        #expect(counts["functions"].number ?? 0 >= 20)
        #expect(counts["types"].number ?? 0 >= 10)
        #expect(counts["members"].number ?? 0 >= 40)
        #expect(counts["libraries"].number ?? 0 == Double(modules.count))
        #expect(counts["library_functions"].number ?? 0 >= 15)
    }

    @Test("the editor knows webex's controls verb with its options, and Convey's partial results")
    func controlsAndPartial() throws {
        let dir = try Self.written()
        let webex = try String(contentsOfFile: dir + "/webex.lua", encoding: .utf8)
        #expect(webex.contains("---@param options? {recording?: \"started\"|\"paused\"|\"stopped\", locked?: boolean, timeout?: number}\n"
            + "---@return {locked: boolean, recordingStarted: boolean, recordingPaused: boolean}\nfunction webex_meeting:controls(options) end"))
        let convey = try String(contentsOfFile: dir + "/convey.lua", encoding: .utf8)
        let partial = convey.split(separator: "\n").filter { $0.contains("partial?: boolean, message?: string}") }
        // The event's data, and what status and update return.
        #expect(partial.count == 3, "\(convey)")
        #expect(partial.first?.hasPrefix("---@field data {") == true)
    }

    @Test("the answers the bindings return are classes with their fields, the step's options an exact class")
    func returnClasses() throws {
        let dir = try Self.written()
        var text: [String: String] = [:]
        for file in ["vbrick.lua", "zoom.lua", "webex.lua", "huawei.lua", "convey.lua", "show.lua"] {
            #expect(try Self.luac(["-p", dir + "/" + file]).status == 0, "\(file)")
            text[file] = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
        }
        let expected: [(String, [String])] = [
            ("zoom.lua", ["---@class zoom.livestream_status", "---@field stream_url string", "---@return zoom.livestream_status\nfunction zoom_livestream:status(",
                          "---@class zoom.webinar_status", "---@alias zoom.webinar_state \"waiting\"|\"started\"|\"ended\""]),
            ("vbrick.lua", ["---@class vbrick.event_status", "---@field status vbrick.event_state", "---@alias vbrick.event_state \"Scheduled\"|",
                            "---@return vbrick.event_status\nfunction vbrick_event:status(", "---@class vbrick.event_details"]),
            ("webex.lua", ["---@class webex.meeting_details", "---@alias webex.meeting_state "]),
            ("huawei.lua", ["---@class huawei.conference_status", "---@field confInfo huawei.conference_info", "---@class huawei.conference_info"]),
            ("convey.lua", ["---@class convey.folder", "---@field children convey.folder[]"]),
            ("show.lua", ["---@class (exact) showcall.Step\n", "---@field at? string|integer ", "---@alias showcall.StepState ",
                          "---@class (exact) showcall.ShowOptions\n"]),
        ]
        for (file, needles) in expected {
            for needle in needles { #expect(text[file]?.contains(needle) == true, "\(file) lacks \(needle)") }
        }
        // No field named status on a live stream's answer: an editor flags `livestream:status().status`.
        let livestream = text["zoom.lua"]?.components(separatedBy: "---@class zoom.livestream_status").last?.components(separatedBy: "\n\n").first ?? ""
        #expect(!livestream.contains("---@field status "), "\(livestream)")
    }

    /// Reads the annotation files, then walks the catalogue and the libraries; returns the
    /// problems found and what it counted.
    static let checker = #"""
    local catalogue, dir, libraries = ...
    local types, functions = catalogue.types, catalogue.functions
    local problems, counts = {}, { functions = 0, types = 0, members = 0, libraries = 0, library_functions = 0 }
    local function problem(...) problems[#problems + 1] = string.format(...) end

    local function lines_of(path)
      local lines = {}
      for l in io.lines(path) do lines[#lines + 1] = l end
      return lines
    end

    -- The `---` lines right above line n, unindented.
    local function block_above(lines, n)
      local out, i = {}, n - 1
      while i >= 1 and lines[i]:match("^%s*%-%-%-") do
        table.insert(out, 1, (lines[i]:gsub("^%s+", "")))
        i = i - 1
      end
      return out
    end

    local function has(block, line)
      for _, l in ipairs(block) do if l == line then return true end end
      return false
    end

    -- Every file: its module (`---@meta NAME`), classes, and function stubs.
    local files, classes, stubs = {}, {}, {}
    for name in io.popen("ls " .. dir):lines() do
      local path = dir .. "/" .. name
      local lines = lines_of(path)
      local module = lines[1]:match("^%-%-%-@meta (%S+)$")
      files[module] = path
      local class_of = {}
      for n, l in ipairs(lines) do
        local class = l:match("^%-%-%-@class (%S+)")
        if class then
          local fields, i = {}, n + 1
          while lines[i]:match("^%-%-%-@field") do
            local field, rest = lines[i]:match("^%-%-%-@field (%S+) (.*)$")
            fields[field] = rest
            i = i + 1
          end
          local var = lines[i]:match("^local ([%w_]+) = {}$")
          if var then class_of[var] = class end
          classes[class] = { fields = fields, methods = {} }
        end
        local owner, sep, fn, params = l:match("^function ([%w_]+)([.:])([%w_]+)%((.-)%) end$")
        if owner then
          local stub = { params = params, block = block_above(lines, n) }
          if sep == ":" and class_of[owner] then
            classes[class_of[owner]].methods[fn] = stub
          elseif sep == "." then
            stubs[module] = stubs[module] or {}
            stubs[module][fn] = stub
          end
        end
      end
    end

    -- A stub against the binding's definition: parameter names in order, a @param line for
    -- each (optional ones marked), a @return line for each result, and its doc.
    local function compare(what, stub, d)
      if not stub then return problem("%s: no annotation", what) end
      local names = {}
      for i, p in ipairs(d.params) do
        names[i] = p.name
        local optional = p.type:sub(-1) == "?"
        local line = ("---@param %s%s %s"):format(p.name, optional and "?" or "", optional and p.type:sub(1, -2) or p.type)
        if not has(stub.block, line) then problem("%s: no '%s'", what, line) end
      end
      if stub.params ~= table.concat(names, ", ") then problem("%s: parameters (%s), declared (%s)", what, stub.params, table.concat(names, ", ")) end
      for _, r in ipairs(d.returns) do
        if not has(stub.block, "---@return " .. r) then problem("%s: no '---@return %s'", what, r) end
      end
      if d.doc ~= "" and not has(stub.block, "--- " .. d.doc:match("^[^\n]*")) then problem("%s: its doc is missing", what) end
    end

    -- Every module of Swift functions, as `require` gives it.
    for module in pairs(package.preload) do
      for name, f in pairs(require(module)) do
        local what = module .. "." .. tostring(name)
        local d = type(f) == "function" and functions[f]
        if not d then
          problem("%s: a binding with no definition in the catalogue", what)
        else
          counts.functions = counts.functions + 1
          compare(what, (stubs[module] or {})[name], d)
        end
      end
    end

    -- Every type the catalogue holds once the modules are loaded (types that functions and
    -- members return are registered when the catalogue is asked for).
    for name, mt in pairs(types) do
      counts.types = counts.types + 1
      local class = classes[name]
      if not class then
        problem("type %s: no ---@class", name)
      else
        for member, d in pairs(rawget(mt, "__docs")) do
          counts.members = counts.members + 1
          local what = name .. (d.kind == "method" and ":" or ".") .. member
          if d.kind == "property" then
            local field = class.fields[member]
            if not field or (field ~= d.signature and field:sub(1, #d.signature + 1) ~= d.signature .. " ") then
              problem("%s: field '%s', declared %s", what, tostring(field), d.signature)
            end
          else
            compare(what, class.methods[member], d)
          end
        end
      end
    end

    -- The functions of a luac5.4 listing that return values, by the line they start on.
    local function returning(path)
      local out, current = {}, nil
      for l in io.popen("luac5.4 -l -p " .. path):lines() do
        local first = l:match("^%a+ <.-:(%d+),%d+>")
        if first then current = tonumber(first) end
        local op, args = l:match("^%s+%d+%s+%[%-?%d+%]%s+(%u[%u%d]*)%s*(.*)$")
        if op == "RETURN1" or op == "TAILCALL" or (op == "RETURN" and args:match("^%S+%s+(%S+)") ~= "1") then
          out[current] = true
        end
      end
      return out
    end

    -- The parameters of a `fun(...)` type, split at top-level commas.
    local function fun_params(signature)
      local inside = signature:match("fun(%b())")
      if not inside then return nil end
      local depth, count, text = 0, 0, inside:sub(2, -2)
      if text:match("^%s*$") then return 0 end
      for c in text:gmatch(".") do
        if c == "{" or c == "(" or c == "<" then depth = depth + 1
        elseif c == "}" or c == ")" or c == ">" then depth = depth - 1
        elseif c == "," and depth == 0 then count = count + 1 end
      end
      return count + 1
    end

    -- Every public function of every stdlib module (the module's fields, and the functions of
    -- plain tables in it, as `log.info`), loaded from its annotation file, which is its source.
    for _, module in ipairs(libraries) do
      local path = files[module]
      if not path then
        problem("library %s: no annotation file", module)
      else
        counts.libraries = counts.libraries + 1
        local lines, returns = lines_of(path), returning(path)
        local M = assert(loadfile(path))(module)
        local function check(what, key, f)
          counts.library_functions = counts.library_functions + 1
          local info = debug.getinfo(f, "Su")
          if info.what == "Lua" and info.source == "@" .. path then
            local block = block_above(lines, info.linedefined)
            for i = 1, info.nparams do
              local p = debug.getlocal(f, i)
              local ok = false
              for _, l in ipairs(block) do
                if l:match("^%-%-%-@param " .. p .. "%??%s+%S") then ok = true end
              end
              if not ok then problem("%s: no ---@param %s", what, p) end
            end
            if info.isvararg then
              local ok = false
              for _, l in ipairs(block) do if l:match("^%-%-%-@param %.%.%.%s+%S") then ok = true end end
              if not ok then problem("%s: no ---@param ...", what) end
            end
            if returns[info.linedefined] then
              local ok = false
              for _, l in ipairs(block) do if l:match("^%-%-%-@return%s+%S") then ok = true end end
              if not ok then problem("%s: returns values but has no ---@return", what) end
            end
          else
            -- A function from elsewhere (a binding): a `---@type fun(...)` above its assignment,
            -- agreeing with the binding's own definition.
            local block
            for n, l in ipairs(lines) do
              if l:match("^%s*[%w_]+%." .. key .. "%s*=") then block = block_above(lines, n) end
            end
            local signature
            for _, l in ipairs(block or {}) do signature = signature or l:match("^%-%-%-@type (fun%(.*)$") end
            local d = functions[f]
            if not signature then
              problem("%s: no ---@type fun(...) above its assignment", what)
            elseif d then
              if fun_params(signature) ~= #d.params then
                problem("%s: %s, but the binding takes %d parameters", what, signature, #d.params)
              end
              local gives = signature:match("fun%b()%s*:") ~= nil
              if gives ~= (#d.returns > 0) then
                problem("%s: %s, but the binding returns %d values", what, signature, #d.returns)
              end
            end
          end
        end
        for k, v in pairs(M) do
          if type(v) == "function" then
            check(module .. "." .. k, k, v)
          elseif type(v) == "table" and getmetatable(v) == nil then
            for k2, v2 in pairs(v) do
              if type(v2) == "function" then check(module .. "." .. k .. "." .. k2, k2, v2) end
            end
          end
        end
      end
    end
    table.sort(problems)
    return problems, counts
    """#
}
