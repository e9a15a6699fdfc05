import CEditLine
#if canImport(Glibc)
import Glibc
#endif

/// Where the REPL's input comes from.
public protocol LineReader: AnyObject {
    /// The next line without its newline, or nil at end of input.
    func readLine(prompt: String) -> String?
    /// Remembers a complete chunk (several lines joined) for recall.
    func remember(_ chunk: String)
}

/// Standard input that is not a terminal: plain lines, no prompt, so `showcall repl < file` works.
public final class PlainLineReader: LineReader {
    public init() {}

    public func readLine(prompt: String) -> String? {
        Swift.readLine(strippingNewline: true)
    }

    public func remember(_ chunk: String) {}
}

/// A terminal: libedit's line editing, history kept per user, tab completion.
public final class EditLineReader: LineReader {
    private let historyPath: String?
    /// readline's completion hooks are C function pointers: they reach the completer through here.
    nonisolated(unsafe) static var completer: ((String, String) -> [String])?

    public init(historyPath: String?, complete: @escaping (_ line: String, _ word: String) -> [String]) {
        self.historyPath = historyPath
        Self.completer = complete
        // '.' and ':' stay inside a word so that `string.fo<TAB>` completes the whole path.
        showcall_rl_setup(strdup("showcall"), strdup(" \t\n\"\\'><=;+-*/%^~#&|{}()[],")) { text, _, _ in
            showcall_rl_nofilenames()
            return rl_completion_matches(text) { text, state in
                EditLineReader.match(String(cString: text!), state: state)
            }
        }
        using_history()
        if let historyPath { _ = read_history(historyPath) }
    }

    nonisolated(unsafe) private static var matches: [String] = []

    private static func match(_ word: String, state: Int32) -> UnsafeMutablePointer<CChar>? {
        if state == 0 {
            let line = showcall_rl_line().map { String(cString: $0) } ?? word
            let upToCursor = String(line.utf8.prefix(Int(showcall_rl_point()))) ?? line
            matches = completer?(upToCursor, word) ?? []
        }
        let i = Int(state)
        return i < matches.count ? strdup(matches[i]) : nil
    }

    public func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// A multi-line chunk is one entry, as `lua5.4` keeps it, so Up recalls all of it.
    public func remember(_ chunk: String) {
        guard !chunk.allSatisfy(\.isWhitespace) else { return }
        add_history(chunk)
        if let historyPath { _ = write_history(historyPath) }
    }
}
