import Foundation
import LuaHost
import Platforms
import ShowEngine

/// Every reader of outside input the commands have, for the `inputs` fuzz target: a command
/// line, a profile file, a journal. Each reads as `showcall` would and acts on nothing: no
/// command runs, no file is written. A bad input must come back as an error, never a trap.
public enum OutsideInput {
    /// Parses and validates a command line (`run --cpu-limit 2 show.lua`) without running it.
    /// Nil when it would run; else the message the user would see.
    public static func commandLine(_ arguments: [String]) -> String? {
        do {
            _ = try ShowCall.parseAsRoot(arguments)
            return nil
        } catch {
            return ShowCall.fullMessage(for: error)
        }
    }

    /// Builds every profile a profile file's text holds, as `--profile` would. Nil when all
    /// build; else the error.
    public static func profiles(_ text: String, environment: [String: String] = [:]) -> String? {
        do {
            _ = try ProfileLoader(files: [], environment: environment).loadAll(text: text, file: "showcall.toml")
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// Reads a journal as `showcall log` and `showcall resume` do: every entry checked and
    /// printed, the recorded safety, the replay of the run. Nil when it reads; else the error.
    public static func journal(_ bytes: [UInt8]) -> String? {
        do {
            let file = try JournalFile(path: "fuzz.jsonl", bytes: bytes)
            var text = JournalText()
            for entry in file.entries { _ = text.line(for: entry) }
            _ = file.ending
            _ = file.nextSeq
            for entry in file.entries where entry["safety"] != .nil {
                _ = try ScriptSafety(journal: entry["safety"], at: "fuzz.jsonl")
            }
            _ = JournalReplay(file)
            return nil
        } catch {
            return String(describing: error)
        }
    }
}
