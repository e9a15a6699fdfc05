import ArgumentParser
import LuaHost

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find a show script's mistakes without running it.",
        discussion: """
        Checks each FILE: its syntax; its declarations (the script runs in plan mode, where \
        show.new and s:step check every option, and no action runs); modules it requires that \
        cannot be found; methods and fields that platform objects and modules do not have \
        (ev:strat()); globals it reads that are neither standard nor set in the file. One line \
        per finding, `file:line: message`; exit 1 if there is any, 0 if none, 2 on a usage \
        error. `plan` and `run --rehearse` run the same source checks before the script.
        """
    )

    @Argument(help: ArgumentHelp("The show scripts (and libraries, and specs) to check.", valueName: "FILE"),
              completion: Completions.script)
    var files: [String]

    func run() throws {
        try reportingErrors {
            if files.isEmpty { throw UsageError(description: "check: name at least one script") }
            var found = 0
            for file in files {
                for finding in try ShowCheck.findings(script: file, plan: true) {
                    Console.out(finding.text + "\n")
                    found += 1
                }
            }
            return found == 0 ? 0 : ExitStatus.scriptError
        }
    }
}
