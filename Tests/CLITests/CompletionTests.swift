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
