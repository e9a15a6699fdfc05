import ArgumentParser
import LuaHost

enum ShowCallVersion {
    static let number = "0.1.0"
    static var text: String { "showcall \(number) (\(LuaState.release))" }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version of ShowCall and of its Lua.")

    func run() {
        print(ShowCallVersion.text)
    }
}
