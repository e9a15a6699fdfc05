import LuaHost

/// The heart of the REPL, with no terminal in it: takes lines, knows when a chunk is still
/// incomplete (as `lua5.4` does), and compiles complete chunks into functions that run them
/// and render what they return. Used by both the terminal and the plain (piped) front ends.
public final class ReplEvaluator {
    public enum Outcome {
        case needsMore
        /// The chunk did not compile; the error has been written.
        case failed(chunk: String)
        /// A chunk to run (through `runner`): in the foreground, or as a background job when
        /// it ended with ` &`.
        case ready(chunk: String, function: LuaFunction, background: Bool)
    }

    public let state: LuaState
    /// `runner(chunk, ...)` calls the chunk and returns its results rendered for the screen
    /// (tab-separated, pretty-printed), or nothing when it returned nothing.
    let runner: LuaFunction
    private var pending: [String] = []
    private let writeError: (String) -> Void

    public init(state: LuaState, color: Bool, writeError: @escaping (String) -> Void) throws {
        self.state = state
        self.writeError = writeError
        runner = try state.load(PackageResources.repl_runner_lua, name: "=[showcall repl]")
            .callReturningFunction([LuaString(bytes: PackageResources.pretty_printer_lua), color])
    }

    /// Whether a continuation line is expected.
    public var isContinuing: Bool { !pending.isEmpty }

    /// Feeds one line of input.
    public func feed(_ line: String) -> Outcome {
        let line = pending.isEmpty && line.hasPrefix("=") ? "return " + line.dropFirst() : line
        pending.append(line)
        let code = pending.joined(separator: "\n")
        // `call() &` is not Lua (a binary `&` lacks its right side), so the suffix is ours.
        var trimmed = Substring(code)
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        if trimmed.hasSuffix("&"), !trimmed.hasSuffix("&&"), let chunk = compile(String(trimmed.dropLast())) {
            pending = []
            return .ready(chunk: code, function: chunk, background: true)
        }
        do {
            let chunk = try compile(code) ?? state.load(code, name: "=stdin")
            pending = []
            return .ready(chunk: code, function: chunk, background: false)
        } catch let error as LuaError where error.kind == .syntax && error.message.hasSuffix("<eof>") {
            return .needsMore
        } catch {
            pending = []
            writeError("\(error)\n")
            return .failed(chunk: code)
        }
    }

    /// The chunk as an expression whose values print, else as statements; nil if neither compiles.
    private func compile(_ code: String) -> LuaFunction? {
        (try? state.load("return " + code, name: "=stdin")) ?? (try? state.load(code, name: "=stdin"))
    }

    /// Drops a half-typed chunk (Ctrl-C at a continuation prompt).
    public func reset() { pending = [] }

    /// A chunk's error as the operator should read it: the REPL's own frames say nothing to
    /// them, and the typed chunk is the main one.
    static func describe(_ error: LuaError) -> String {
        let traceback = error.traceback.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("[showcall repl]") }
            .map { $0.replacing("in local 'chunk'", with: "in main chunk") }
            .joined(separator: "\n")
        return error.message + (traceback.isEmpty ? "" : "\n" + traceback)
    }
}
