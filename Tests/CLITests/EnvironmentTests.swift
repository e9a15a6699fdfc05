import Foundation
import Testing

/// Where `showcall` looks when the XDG base directory variables are unusable: empty or relative,
/// each is ignored for `$HOME`'s default (the specification's rule), for every file that uses it.
@Suite("the XDG base directories")
struct EnvironmentTests {
    /// Values a variable may hold, each with whether it names a directory to use.
    static let values: [(text: String, used: Bool)] = [
        ("", false), ("relative/dir", false), ("./dir", false), ("dir/", false), (" ", false), ("~/dir", false),
        ("ABSOLUTE", true), ("ABSOLUTE/with space", true), ("ABSOLUTE/ünïcode", true),
    ]

    /// Runs `arguments` in a scratch directory with `$HOME` in it and `variable` set to the
    /// value `index`; answers the run and the directory showcall should have chosen.
    static func run(_ arguments: [String], variable: String, _ index: Int, home underHome: String) throws -> (ShowCallProcess, String) {
        // A run makes its journal with its first entry: this one has a show's.
        let dir = try scratch(["show.lua": "local s = require('showcall.show').new('env')\ns:step('one', { run = function() end })\ns:run()\n"])
        let value = values[index].text.replacingOccurrences(of: "ABSOLUTE", with: dir.appendingPathComponent("xdg").path)
        let home = dir.appendingPathComponent("home").path
        let run = try ShowCallProcess.run(arguments, in: dir, environment: ["HOME": home, variable: value])
        return (run, values[index].used ? value : "\(home)/\(underHome)")
    }

    @Test("a run's journal goes under $XDG_STATE_HOME when it is an absolute path, else under $HOME/.local/state",
          arguments: values.indices)
    func journalDirectory(_ index: Int) throws {
        let (run, base) = try Self.run(["run", "show.lua"], variable: "XDG_STATE_HOME", index, home: ".local/state")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("showcall: journal \(base)/showcall/journals/show-"), "\(run.stderr)")
    }

    @Test("profiles are looked for under $XDG_CONFIG_HOME when it is an absolute path, else under $HOME/.config",
          arguments: values.indices)
    func profileFiles(_ index: Int) throws {
        let (run, base) = try Self.run(["run", "--profile", "absent", "show.lua"], variable: "XDG_CONFIG_HOME", index, home: ".config")
        #expect(run.status == 2)
        #expect(run.stderr.contains("(looked in showcall.toml, \(base)/showcall/profiles.toml;"), "\(run.stderr)")
    }
}
