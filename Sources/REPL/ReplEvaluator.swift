import LuaHost

/// The heart of the REPL, with no terminal in it: takes lines, knows when a chunk is still
/// incomplete (as `lua5.4` does), runs complete chunks as tasks so they can wait, and prints
/// an expression's values. Used by both the TTY and the plain (piped) front ends.
public final class ReplEvaluator {
    public enum Outcome: Equatable {
        case needsMore
        /// The chunk is complete (it ran, or failed to compile): its whole text.
        case ran(String)
    }

    public let state: LuaState
    /// Runs the show engine's scheduler until the given task is done.
    let drive: (LuaTask) -> Void
    private var pending: [String] = []
    private let runner: LuaFunction
    private let writeError: (String) -> Void

    public init(state: LuaState, color: Bool, writeError: @escaping (String) -> Void,
                drive: @escaping (LuaTask) -> Void) throws {
        self.state = state
        self.writeError = writeError
        self.drive = drive
        runner = try state.load("""
            local pretty_source, color = ...
            local pretty = assert(load(pretty_source, "=[showcall pretty printer]"))(color)
            return function(chunk)
              local r = table.pack(chunk())
              if r.n > 0 then print(pretty(table.unpack(r, 1, r.n))) end
            end
            """, name: "=[showcall repl]").callReturningFunction([PrettyPrinter.source, color])
    }

    /// Whether a continuation line is expected.
    public var isContinuing: Bool { !pending.isEmpty }

    /// Feeds one line of input.
    @discardableResult
    public func feed(_ line: String) -> Outcome {
        let line = pending.isEmpty && line.hasPrefix("=") ? "return " + line.dropFirst() : line
        pending.append(line)
        let code = pending.joined(separator: "\n")
        let chunk: LuaFunction
        if let expression = try? state.load("return " + code, name: "=stdin") {
            chunk = expression
        } else {
            do {
                chunk = try state.load(code, name: "=stdin")
            } catch let error as LuaError where error.kind == .syntax && error.message.hasSuffix("<eof>") {
                return .needsMore
            } catch {
                pending = []
                writeError("\(error)\n")
                return .ran(code)
            }
        }
        pending = []
        run(chunk)
        return .ran(code)
    }

    /// Drops a half-typed chunk (Ctrl-C at a continuation prompt).
    public func reset() { pending = [] }

    private func run(_ chunk: LuaFunction) {
        do {
            let task = try state.spawn(runner, args: [chunk], name: "repl")
            drive(task)
            if let error = task.error {
                // The REPL's own frames say nothing to the operator; the typed chunk is the main one.
                let traceback = error.traceback.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.contains("[showcall repl]") }
                    .map { $0.replacing("in local 'chunk'", with: "in main chunk") }
                    .joined(separator: "\n")
                writeError(error.message + (traceback.isEmpty ? "" : "\n" + traceback) + "\n")
            }
        } catch {
            writeError("\(error)\n")
        }
    }
}
