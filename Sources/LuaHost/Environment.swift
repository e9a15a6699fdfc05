#if canImport(Glibc)
import Glibc
#endif

/// The process's environment, the one place ShowCall reads it. One variable at a time:
/// `ProcessInfo.environment` copies every variable into a new dictionary at each read, a
/// measurable part of a start that reads a handful.
public enum Environment {
    /// The variable's value; nil when unset. A variable set to the empty string is set: a
    /// token or a path given as "" is what the caller checks, not silently nothing.
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The value, nil when unset or empty, for variables where an empty one means "use the
    /// default" (`${X:-default}` in a shell; the XDG base directory specification says so of
    /// its own).
    public static func setting(_ name: String) -> String? {
        value(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `$XDG_STATE_HOME`, else `$HOME/.local/state`; nil with neither.
    public static var stateHome: String? { baseDirectory("XDG_STATE_HOME", else: ".local/state") }

    /// `$XDG_CONFIG_HOME`, else `$HOME/.config`; nil with neither.
    public static var configHome: String? { baseDirectory("XDG_CONFIG_HOME", else: ".config") }

    /// The XDG base directory specification's rule: the variable if it holds an absolute path
    /// (empty, unset or relative, it is ignored), else the default under `$HOME`.
    private static func baseDirectory(_ name: String, else underHome: String) -> String? {
        if let dir = setting(name), dir.hasPrefix("/") { return dir }
        return setting("HOME").map { "\($0)/\(underHome)" }
    }
}
