import Logging
import Platforms
import LuaHost
#if canImport(Glibc)
import Glibc
#endif

/// Writes log records to standard error. Lua's own warnings read as `lua5.4` prints them
/// (`Lua warning: ...`), so scripts behave the same under both.
struct ConsoleLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = if event.metadata?["source"] == "lua.warn" {
            "Lua warning: \(event.message)\n"
        } else {
            "showcall: \(event.level): \(event.message)\n"
        }
        // Platform messages are redacted where they are made; this catches any other path.
        Console.err(Secrets.redact(line))
    }

    /// The level of loggers made from now on; `showcall test` keeps routine notices (a token
    /// renewed after a simulator reset) out of its report unless asked for them.
    nonisolated(unsafe) static var level: Logger.Level = .info

    static let bootstrapped: Void = LoggingSystem.bootstrap { ConsoleLogHandler(label: $0, logLevel: level) }
}
