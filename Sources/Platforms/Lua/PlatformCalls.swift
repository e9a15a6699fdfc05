import LuaHost
import ShowEngine

/// What every platform binding needs: the clients, and the engine's count of outside work
/// (so a rehearsal's virtual clock does not jump while a call is on the wire).
final class PlatformContext: Sendable {
    let directory: PlatformDirectory
    let work: OutsideWork
    /// The run's journal and the one it resumes: used on the Lua thread only.
    nonisolated(unsafe) let record: RunRecord
    /// Told of every call once it has ended, on the Lua thread: its name ("zoom.livestream:start",
    /// "convey.create"), the object it was made on ("zoom.webinar(684...).livestream"), its
    /// result or its error, how long it took, and whether it was a show's watch reading its
    /// outputs (shown as the outputs' state, not among the show's calls).
    let report: @Sendable (_ operation: String, _ target: String, _ result: Result<LuaValue, any Error>, _ took: Duration, _ watched: Bool) -> Void
    /// The module whose functions use this context ("convey"): a module function's own name
    /// ("create") is reported as "convey.create".
    let module: String
    /// The outputs each watched show has called (`show.new(name, {watch = N})`).
    let watch: OutputWatch

    init(directory: PlatformDirectory, work: OutsideWork, record: RunRecord = RunRecord(), module: String = "",
         watch: OutputWatch = OutputWatch(),
         report: @escaping @Sendable (String, String, Result<LuaValue, any Error>, Duration, Bool) -> Void = { _, _, _, _, _ in }) {
        self.directory = directory
        self.work = work
        self.record = record
        self.module = module
        self.watch = watch
        self.report = report
    }

    /// The same context for the functions of `module`.
    func module(_ module: String) -> PlatformContext {
        PlatformContext(directory: directory, work: work, record: record, module: module, watch: watch, report: report)
    }

    /// A verb: reads its options (`options`, or none but `timeout`) and its platform's client
    /// on the Lua thread, then runs `body` with them as a call.
    func verb<Client: Sendable>(_ call: LuaCall, _ options: CallOptions? = nil, client: (PlatformDirectory) throws -> Client,
                                _ body: @escaping @Sendable (Client, Duration?) async throws -> LuaValue) throws -> LuaReturn {
        let timeout = try (options ?? CallOptions(call, 2, known: [])).timeout
        let client = try client(directory)
        return try run(call) { try await body(client, timeout) }
    }

    /// Runs `body` off the Lua thread, on one of the HTTP client's event loops (`PlatformHTTP.leaseExecutor`),
    /// while the calling coroutine waits: only that coroutine, so calls under `parallel{}`
    /// overlap. Cancelling the coroutine cancels the call.
    /// `push` puts the result on the stack, on the Lua thread (by default, as data).
    ///
    /// The call is journaled: its intent is queued before it starts and is on disk before any
    /// request of it that may change a platform's state goes out (`IntentDurability`); its
    /// outcome is queued before the script sees it, and is on disk before anything the script
    /// does next reaches a platform (the journal writes in order). Resuming a run, a call the
    /// journal has an outcome for is not sent again (the script gets the journaled result), and
    /// one sent without an outcome is checked against the platform first. The result and the
    /// end of the outside work reach the loop in one job: one wake-up per call.
    func run(_ call: LuaCall, _ body: @escaping @Sendable () async throws -> LuaValue,
             push: @escaping @Sendable (LuaValue, LuaStack) throws -> Int32 = { value, stack in try value.push(onto: stack); return 1 }) throws -> LuaReturn {
        let loop = call.state.loop, work = self.work, report = self.report, operation = call.name
        let reported = module.isEmpty || operation.contains(".") ? operation : module + "." + operation
        let journal = record.journal, object = call.callTarget
        watch.note(call, target: object, directory: directory)
        var unanswered = false
        var entry: JournalEntry?
        // Without a journal (a rehearsal, the REPL) a call has no key: a resumed run writes one.
        if journal != nil {
            let target = call.callTarget
            let (key, place) = record.callKey(operation: operation, target: target, show: call.state.currentLabel)
            if let outcome = record.replay?.outcome(of: key) {
                return try replay(call, key: key, outcome: outcome, push: push)
            }
            unanswered = record.replay?.wasSent(key) ?? false
            entry = .callIntent(call: key, operation: operation, target: target, args: call.journaledArguments,
                                place: place, unansweredBefore: unanswered)
        }
        let intent = entry, previousAttemptUnanswered = unanswered
        return try call.await { continuation in
            work.begin()
            var gate: IntentDurability?
            if let journal, let intent {
                let durable = IntentDurability()
                journal.append(intent) { durable.landed() }
                gate = durable
            }
            let lease = PlatformHTTP.shared.leaseExecutor()
            let task = Task(executorPreference: lease.executor) { [gate] in
                let started = ContinuousClock.now
                let result: Result<LuaValue, any Error>
                do {
                    result = .success(try await IntentDurability.$current.withValue(gate) {
                        previousAttemptUnanswered
                            ? try await PlatformSession.$previousAttemptUnanswered.withValue(true) { try await body() }
                            : try await body()
                    })
                } catch {
                    result = .failure(error)
                }
                let took = ContinuousClock.now - started
                lease.release()
                if let journal, let key = intent?.string("call") { journal.append(Self.outcome(key, result, took)) }
                loop.post {
                    work.endOnLoop()
                    report(reported, object, result, took, false)
                    switch result {
                    case .success(let value):
                        continuation.resume(pushing: { stack in try push(value, stack) })
                    case .failure(let error):
                        continuation.resume(throwing: error)
                    }
                }
            }
            continuation.onCancel = { task.cancel() }
        }
    }

    /// A call the run being resumed already made: its journaled result, or its error again.
    private func replay(_ call: LuaCall, key: String, outcome: JournalEntry,
                        push: @escaping @Sendable (LuaValue, LuaStack) throws -> Int32) throws -> LuaReturn {
        record.journal?.append(.callReplayed(call: key))
        return try call.await { continuation in
            if outcome["ok"] == .boolean(true) {
                continuation.resume(pushing: { stack in try push(outcome["result"], stack) })
            } else {
                continuation.resume(throwing: ReplayedFailure(description: outcome.string("error") ?? "failed"))
            }
        }
    }

    private static func outcome(_ key: String, _ result: Result<LuaValue, any Error>, _ took: Duration) -> JournalEntry {
        let ms = took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000
        switch result {
        case .success(let value): return .callOutcome(call: key, milliseconds: ms, result: Secrets.redact(value))
        case .failure(let error): return .callOutcome(call: key, milliseconds: ms, error: Secrets.redact(String(describing: error)))
        }
    }
}

/// A call that failed in the run being resumed fails again the same way, without being sent.
struct ReplayedFailure: Error, CustomStringConvertible {
    let description: String
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
        guard let seconds = value.number else { throw error(NumberRule.callTimeout.text) }
        do { return try NumberRule.callTimeout.duration(seconds, "timeout") } catch let e as NumberInputError { throw error(e.reason) }
    }

    private func error(_ key: String, _ rule: String) -> PlatformInputError {
        PlatformInputError(field: "option '\(key)' of '\(function)'", rule: rule)
    }

    /// An option as given, for a binding that reads its own shape (http.post's `headers`).
    func value(_ key: String) -> LuaValue { table[key] }

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

    /// The named options other than `timeout`, as JSON fields for the platform: each checked
    /// to be something JSON says exactly (the error names the field and the rule).
    func json(_ keys: [String]) throws -> [String: LuaValue] {
        var out: [String: LuaValue] = [:]
        for key in keys where table[key] != .nil {
            do { _ = try LuaJSON.bytes(table[key], field: key) } catch { throw PlatformInputError(field: error.field, rule: error.rule) }
            out[key] = table[key]
        }
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

extension LuaCall {
    /// What a call acts on, as the script would print it ("zoom webinar 1 live stream"): the
    /// object of a method, or the module of a module function.
    var callTarget: String {
        if stack.type(at: 1) == .userdata, let text = describe(1) { return text }
        return String(name.prefix { $0 != "." })
    }

    /// The arguments after the object (all of them for a module function), secrets redacted.
    var journaledArguments: LuaTable {
        let first: Int32 = stack.type(at: 1) == .userdata ? 2 : 1
        guard argumentCount >= first else { return LuaTable() }
        return LuaTable(array: (first ... argumentCount).map { i in
            (try? argument(i, as: LuaValue.self)).map(Secrets.redact) ?? .string("<\(stack.typeName(at: i))>")
        })
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
