import Foundation
import ArgumentParser
import Testing
@testable import ShowCallCommands

@Suite("Shell completions and the manual")
struct CompletionTests {
    /// The subcommands as the command itself declares them, so one added later is checked too.
    static let subcommands = ShowCall.configuration.subcommands.map { $0._commandName }

    /// How each shell's script offers a subcommand: bash and zsh each give it a function,
    /// zsh and fish list it with its abstract.
    static let offers: [String: @Sendable (String) -> [String]] = [
        "bash": { ["_showcall_\($0)() {"] },
        "zsh": { ["'\($0):", "_showcall_\($0)() {"] },
        "fish": { ["-fa '\($0)' -d '"] },
    ]

    @Test("bash, zsh and fish completion scripts are produced and offer every subcommand", arguments: ["bash", "zsh", "fish"])
    func completion(shell: String) throws {
        let r = try ShowCallProcess.run(["--generate-completion-script", shell])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.subcommands.count >= 7)
        for name in Self.subcommands {
            for line in Self.offers[shell]!(name) {
                #expect(r.stdout.contains(line), "the \(shell) script has no \(line)")
            }
        }
    }

    /// What bash offers for `words` (the last one being completed), with showcall's bash
    /// script loaded, in `dir` with `environment`.
    static func bash(_ words: [String], in dir: URL, environment: [String: String]) throws -> [String] {
        let script = try ShowCallProcess.run(["--generate-completion-script", "bash"]).stdout
        let file = dir.appendingPathComponent(".completion.bash")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let all = [ShowCallProcess.executable.path] + words
        let quoted = all.map { "'\($0)'" }.joined(separator: " ")
        let line = all.joined(separator: " ")
        let program = """
            source '\(file.path)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(all.count - 1); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            _showcall "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", program]
        process.currentDirectoryURL = dir
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    @Test("bash completes profile names from the profile files, show scripts, and journals")
    func bashCompletesFilesJournalsProfiles() throws {
        let dir = try scratch([
            "show.lua": "", "notes.txt": "",
            "showcall.toml": "[production]\ntimeout = 20\n[production.vbrick]\nbase_url = \"x\"\n[staging.zoom]\nbase_url = \"y\"\n",
            "config/showcall/profiles.toml": "[rehearsal.webex]\naccess_token = \"t\"\n",
            "state/showcall/journals/show-20261202-090000-1.jsonl": "",
        ])
        let env = ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path, "XDG_STATE_HOME": dir.appendingPathComponent("state").path]
        #expect(try Self.bash(["run", "--profile", ""], in: dir, environment: env) == ["production", "rehearsal", "staging"])
        #expect(try Self.bash(["plan", "--profile", "st"], in: dir, environment: env) == ["staging"])
        let scripts = try Self.bash(["run", ""], in: dir, environment: env)
        #expect(scripts.contains("show.lua") && !scripts.contains("notes.txt"), "\(scripts)")
        #expect(try Self.bash(["check", "sh"], in: dir, environment: env) == ["show.lua"])
        let journals = try Self.bash(["resume", ""], in: dir, environment: env)
        #expect(journals.contains(dir.appendingPathComponent("state/showcall/journals/show-20261202-090000-1.jsonl").path), "\(journals)")
    }

    @Test("the help dump the manual page plugin reads lists every subcommand")
    func manualSource() throws {
        let r = try ShowCallProcess.run(["--experimental-dump-help"])
        #expect(r.status == 0, "\(r.stderr)")
        for name in Self.subcommands {
            #expect(r.stdout.contains("\"commandName\" : \"\(name)\"") || r.stdout.contains("\"commandName\":\"\(name)\""),
                    "the dump has no \(name)")
        }
    }
}
