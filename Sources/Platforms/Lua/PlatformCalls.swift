import LuaHost
import ShowEngine

/// What every platform binding needs: the clients, and the engine's count of outside work
/// (so a rehearsal's virtual clock does not jump while a call is on the wire).
final class PlatformContext: Sendable {
    let directory: PlatformDirectory
    let work: OutsideWork
    /// Told of every call once it has ended, on the Lua thread: its name ("zoom.livestream:start"),
    /// its error if it failed, and how long it took.
    let report: @Sendable (_ operation: String, _ error: (any Error)?, _ took: Duration) -> Void

    init(directory: PlatformDirectory, work: OutsideWork,
         report: @escaping @Sendable (String, (any Error)?, Duration) -> Void = { _, _, _ in }) {
        self.directory = directory
        self.work = work
        self.report = report
    }

    /// A verb: reads its options (`options`, or none but `timeout`) and its platform's client
    /// on the Lua thread, then runs `body` with them as a call.
    func verb<Client: Sendable>(_ call: LuaCall, _ options: CallOptions? = nil, client: (PlatformDirectory) throws -> Client,
                                _ body: @escaping @Sendable (Client, Duration?) async throws -> LuaValue) throws -> LuaReturn {
        let timeout = try (options ?? CallOptions(call, 2, known: [])).timeout
        let client = try client(directory)
        return try run(call) { try await body(client, timeout) }
    }

    /// Runs `body` off the Lua thread while the calling coroutine waits: only that coroutine,
    /// so calls under `parallel{}` overlap. Cancelling the coroutine cancels the call.
    func run(_ call: LuaCall, _ body: @escaping @Sendable () async throws -> LuaValue) throws -> LuaReturn {
        try run(call, body) { value, stack in
            try value.push(onto: stack)
            return 1
        }
    }

    /// As `run`, for a result that is not plain data: `push` puts it on the stack, on the Lua thread.
    /// The result and the end of the outside work reach the loop in one job: one wake-up per call.
    func run<T: Sendable>(_ call: LuaCall, _ body: @escaping @Sendable () async throws -> T,
                          push: @escaping @Sendable (T, LuaStack) throws -> Int32) throws -> LuaReturn {
        let loop = call.state.loop, work = self.work, report = self.report, operation = call.name
        return try call.await { continuation in
            work.begin()
            let task = Task {
                let started = ContinuousClock.now
                let result: Result<T, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                let took = ContinuousClock.now - started
                loop.post {
                    work.endOnLoop()
                    switch result {
                    case .success(let value):
                        report(operation, nil, took)
                        continuation.resume(pushing: { stack in try push(value, stack) })
                    case .failure(let error):
                        report(operation, error, took)
                        continuation.resume(throwing: error)
                    }
                }
            }
            continuation.onCancel = { task.cancel() }
        }
    }
}

/// The options table a call takes as its last argument. A key the call does not know is an
/// error: a misspelt `pre_prodution` must not quietly start the real webcast.
struct CallOptions {
    private let table: LuaTable
    let function: String
    /// `timeout` in seconds: the whole call, retries included.
    let timeout: Duration?

    init(_ call: LuaCall, _ index: Int32, known: [String]) throws {
        function = call.name
        let value = call.argumentCount >= index ? try call.argument(index, as: LuaValue.self) : .nil
        switch value {
        case .nil: table = LuaTable()
        case .table(let t): table = t
        default: throw PlatformInputError(field: "argument #\(index) to '\(call.name)'", rule: "must be a table of options, not a \(value.typeName)")
        }
        let allowed = Set(known + ["timeout"])
        for key in table.hash.keys {
            guard case .string(let name) = key, allowed.contains(name.description) else {
                let shown = if case .string(let name) = key { "'\(name)'" } else { "[\(key)]" }
                throw PlatformInputError(field: "option \(shown) of '\(call.name)'",
                                         rule: "is unknown (known: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
        if !table.array.isEmpty {
            throw PlatformInputError(field: "options of '\(call.name)'", rule: "must be named (key = value), not a list")
        }
        timeout = try Self.timeout(table["timeout"], function)
    }

    private static func timeout(_ value: LuaValue, _ function: String) throws -> Duration? {
        if value == .nil { return nil }
        let error = { (rule: String) in PlatformInputError(field: "option 'timeout' of '\(function)'", rule: rule) }
        guard let seconds = value.number else { throw error("must be a number of seconds") }
        guard seconds > 0, seconds <= 600 else { throw error("must be between 0 and 600 seconds") }
        return .milliseconds(Int64(seconds * 1000))
    }

    private func error(_ key: String, _ rule: String) -> PlatformInputError {
        PlatformInputError(field: "option '\(key)' of '\(function)'", rule: rule)
    }

    func bool(_ key: String) throws -> Bool? {
        switch table[key] {
        case .nil: return nil
        case .boolean(let b): return b
        default: throw error(key, "must be true or false")
        }
    }

    func string(_ key: String) throws -> String? {
        switch table[key] {
        case .nil: return nil
        case .string(let s): return s.description
        default: throw error(key, "must be a string")
        }
    }

    /// The named options other than `timeout`, as JSON fields for the platform.
    func json(_ keys: [String]) throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for key in keys where table[key] != .nil { out[key] = try JSONValue(lua: table[key], field: key) }
        return out
    }
}

extension LuaCall {
    /// A platform id at argument `i`: a non-empty string, or (where `numeric`) digits or an integer.
    func platformID(_ i: Int32, _ what: String, numeric: Bool = false) throws -> String {
        let value = argumentCount >= i ? try argument(i, as: LuaValue.self) : .nil
        let id: String
        switch value {
        case .string(let s): id = s.description
        case .integer(let n) where numeric: id = String(n)
        default: throw PlatformInputError(field: "\(what) id (argument #\(i) to '\(name)')",
                                          rule: numeric ? "must be a number or a string of digits, not \(value.typeName)" : "must be a string, not \(value.typeName)")
        }
        guard !id.isEmpty, id.count <= 200 else { throw PlatformInputError(field: "\(what) id", rule: "must be 1 to 200 characters") }
        if numeric, !id.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw PlatformInputError(field: "\(what) id", rule: "must be digits, not \"\(id)\"")
        }
        return id
    }
}

extension LuaParameter {
    /// A verb's options table: these fields (LuaLS `name?: type`) and the `timeout` every
    /// verb takes; the table may be left out.
    static func options(_ fields: String...) -> LuaParameter {
        LuaParameter("options", .named("{" + (fields + ["timeout?: number"]).joined(separator: ", ") + "}?"))
    }
}

/// A verb done: `true`, so `assert(x:start())` and the REPL read naturally.
let done = LuaValue.boolean(true)
