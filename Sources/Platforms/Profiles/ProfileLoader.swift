import Foundation
import LuaHost
import TOMLKit

/// Reads profiles from TOML: `./showcall.toml`, then `~/.config/showcall/profiles.toml`. Each
/// profile is a table with a table per platform:
///
///     [production]
///     timeout = 20                      # seconds per call, retries included
///     sandbox = true                    # scripts run in the sandbox
///     allow_dirs = ["/srv/show/logs"]   # where they may also read and write
///     [production.vbrick]
///     base_url = "https://acme.rev.vbrick.com"
///     api_key = "${VBRICK_API_KEY}"     # ${NAME} reads the environment
///     secret = "${VBRICK_SECRET}"
///
/// Every problem is an error naming the file, the profile and the field.
public struct ProfileLoader {
    public var files: [String]
    public var environment: [String: String]

    /// `environment` is what `${NAME}` reads (the process's by default); the files are found
    /// from the process's own.
    public init(files: [String]? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        self.files = files ?? Self.defaultFiles()
    }

    /// `./showcall.toml`, then `$XDG_CONFIG_HOME/showcall/profiles.toml` (`~/.config/...` without it).
    public static func defaultFiles() -> [String] {
        ["showcall.toml"] + (Environment.configHome.map { ["\($0)/showcall/profiles.toml"] } ?? [])
    }

    /// The profile `name`, from the first file that defines it.
    public func load(_ name: String) throws -> Profile {
        var seen: [String] = []
        for file in files where FileManager.default.fileExists(atPath: file) {
            let table = try Self.parse(file)
            seen += table.keys
            if let entry = table[name] {
                guard let profile = entry.table else { throw ProfileError("\(file): profile '\(name)' must be a table") }
                return try build(name, profile, file: file)
            }
        }
        let offered = seen.isEmpty ? "no profiles found" : "profiles found: \(Set(seen).sorted().joined(separator: ", "))"
        throw ProfileError("unknown profile '\(name)' (looked in \(files.joined(separator: ", ")); \(offered))")
    }

    /// Every profile in `text`, as if read from `file`: each built and checked as `load` does
    /// (for the fuzz target, which feeds it bytes no file on disk holds).
    public func loadAll(text: String, file: String) throws -> [Profile] {
        let table = try Self.parse(text: text, file: file)
        return try table.keys.sorted().map { name in
            guard let profile = table[name]?.table else { throw ProfileError("\(file): profile '\(name)' must be a table") }
            return try build(name, profile, file: file)
        }
    }

    static func parse(_ file: String) throws -> TOMLTable {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw ProfileError("\(file): cannot read: \(error.localizedDescription)")
        }
        return try parse(text: text, file: file)
    }

    static func parse(text: String, file: String) throws -> TOMLTable {
        try ProfileText.check(text, file: file)
        do { return try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw ProfileError("\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        } catch {
            throw ProfileError("\(file): not valid TOML: \(error)")
        }
    }

    // MARK: building

    private func build(_ name: String, _ t: TOMLTable, file: String) throws -> Profile {
        var fields = Fields(table: t, path: "\(file): profile '\(name)'", environment: environment)
        var p = Profile(name: name, source: file, simulated: false)
        if let seconds = try fields.number("timeout", .callTimeout) { p.timeout = try NumberRule.callTimeout.duration(seconds, "timeout") }
        p.rateLimits = try fields.bool("rate_limits") ?? true
        p.sandbox = try fields.bool("sandbox") ?? false
        p.store = try fields.string("store")
        // Relative to the file, so a profile means the same directories from wherever it is run.
        let base = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        p.allowDirectories = try fields.paths("allow_dirs", relativeTo: (base as NSString).deletingLastPathComponent)
        for kind in PlatformKinds.all { try kind.load(into: &p, from: &fields) }
        try fields.rejectUnread()
        return p
    }
}

public struct ProfileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A profile table's values, read by name: strings expand `${NAME}` from the environment, and
/// a key nobody read is an error (a misspelt `pasword` must not silently drop the password).
struct Fields {
    let table: TOMLTable
    let path: String
    /// `vbrick.` inside a platform's table, so errors name `vbrick.secret`.
    let prefix: String
    let environment: [String: String]
    private var read: Set<String> = []

    init(table: TOMLTable, path: String, prefix: String = "", environment: [String: String]) {
        self.table = table
        self.path = path
        self.prefix = prefix
        self.environment = environment
    }

    func error(_ key: String, _ rule: String) -> ProfileError { ProfileError("\(path): \(prefix)\(key) \(rule)") }

    mutating func string(_ key: String) throws -> String? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        guard let raw = value.string else { throw error(key, "must be a string") }
        let expanded = try expand(raw, key)
        guard !expanded.isEmpty else { throw error(key, "is empty") }
        // Everything but the URLs is a credential; URLs stay readable in error messages, but
        // for a user-info's password, and are checked where they enter (a port past 65535
        // trapped at the first call, mid-show).
        guard key == "base_url" || key == "oauth_url" else {
            Secrets.register(expanded)
            return expanded
        }
        guard let address = WebAddress(expanded) else { throw error(key, WebAddress.rule) }
        if let secret = address.userInfoSecret { Secrets.register(secret) }
        return expanded
    }

    mutating func required(_ key: String) throws -> String {
        guard let value = try string(key) else { throw error(key, "is required") }
        return value
    }

    /// A number that keeps `rule`, checked as TOML gave it (an integer stays whole).
    mutating func number(_ key: String, _ rule: NumberRule) throws -> Double? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        do {
            if let i = value.int { return Double(try rule.check(Int64(i), key)) }
            guard let d = value.double else { throw error(key, rule.text) }
            return try rule.check(d, key)
        } catch let e as NumberInputError {
            throw error(key, e.reason)
        }
    }

    mutating func bool(_ key: String) throws -> Bool? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        guard let b = value.bool else { throw error(key, "must be true or false") }
        return b
    }

    /// A list of paths (`${NAME}` expanded), each made absolute against `dir`; empty if absent.
    /// Paths are not credentials, so they stay readable in messages.
    mutating func paths(_ key: String, relativeTo dir: String) throws -> [String] {
        read.insert(key)
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw error(key, "must be a list of directories") }
        return try array.map { item in
            guard let raw = item.string, !raw.isEmpty else { throw error(key, "must be a list of directories (strings)") }
            let path = try expand(raw, key)
            return path.hasPrefix("/") ? path : dir + "/" + path
        }
    }

    /// The platform's sub-table, built by `body`, or nil if the profile has none. Keys outside
    /// `known` are refused first: a misspelt key usually explains a "missing" one.
    mutating func platform<T>(_ key: String, known: [String], _ body: (inout Fields) throws -> T) throws -> T? {
        read.insert(key)
        guard let value = table[key] else { return nil }
        guard let sub = value.table else { throw error(key, "must be a table ([profile.\(key)])") }
        var fields = Fields(table: sub, path: path, prefix: "\(prefix)\(key).", environment: environment)
        fields.read = Set(known)
        try fields.rejectUnread()
        return try body(&fields)
    }

    func rejectUnread() throws {
        for key in table.keys.sorted() where !read.contains(key) {
            throw error(key, "is not a known setting (known: \(read.sorted().joined(separator: ", ")))")
        }
    }

    /// `${NAME}` anywhere in the value reads the environment; a variable that is not set is an error.
    private func expand(_ raw: String, _ key: String) throws -> String {
        var out = ""
        var rest = Substring(raw)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { throw error(key, "has an unclosed ${") }
            let name = String(rest[open.upperBound ..< close])
            guard let value = environment[name] else { throw error(key, "names the environment variable \(name), which is not set") }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
