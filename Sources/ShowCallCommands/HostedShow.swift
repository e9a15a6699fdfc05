import Foundation
import LuaHost
import Platforms
import SharedStore
import ShowEngine
#if canImport(Glibc)
import Glibc
#endif

/// A run under a show's lease in the shared store: its journal fenced by the lease, its
/// state-changing requests sent only while the lease outlasts them, and what the operator must
/// hear (lost, store unreachable) said on the terminal.
final class HostedShow: Sendable {
    let lease: ShowLease
    let journalStore: PostgresJournalStore

    private init(lease: ShowLease) {
        self.lease = lease
        journalStore = PostgresJournalStore(store: lease.store, show: lease.show, lease: lease)
    }

    /// This host, as other hosts see it.
    static let holder: String = {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        return "\(String(cString: name)):\(getpid())"
    }()

    /// A new show named `name`, with the script's files stored for a standby to run.
    static func start(_ store: PostgresStore, name: String, settings: LeaseSettings, script: String?) throws -> HostedShow {
        let files = try script.map { try ShowFiles.collect(script: $0) } ?? []
        let lease = try wait {
            try await ShowLease.claim(store: store, show: name, holder: holder, settings: settings, files: files, events: events(name))
        }
        return HostedShow(lease: lease).begun()
    }

    /// The show, taken over from a holder whose lease lapsed; nil if another host holds it.
    static func takeOver(_ store: PostgresStore, name: String, settings: LeaseSettings) throws -> HostedShow? {
        try wait { try await ShowLease.takeOver(store: store, show: name, holder: holder, settings: settings, events: events(name)) }
            .map { HostedShow(lease: $0).begun() }
    }

    private func begun() -> HostedShow {
        SendPermits.permit = lease
        lease.startRenewing()
        return self
    }

    /// The run ended: no standby takes it over.
    func end() {
        _ = try? blocking { [lease] in await lease.end() }
    }

    private static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        do { return try blocking(body) } catch { throw UsageError(description: "store: \(PostgresStore.describe(error))") }
    }

    private static func events(_ show: String) -> @Sendable (ShowLease.Event) -> Void {
        { event in
            switch event {
            case .lost(let lost):
                // Whatever this host was doing, another now does: it must send nothing more.
                Console.err("\nshowcall: lost show '\(show)' to \(lost.holder) at \(ShowTime(zone: .current).clock(Date().timeIntervalSince1970)): sending nothing more\n")
                Console.flush()
                _exit(ExitStatus.showLost)
            case .unreachable(let why):
                Console.err("\nshowcall: STORE UNREACHABLE (\(why)): the journal waits, and state-changing calls wait once the lease runs out; the show goes on when the store answers\n")
            case .reachable:
                Console.err("showcall: the store answers again; this host still holds show '\(show)'\n")
            }
        }
    }
}

/// The files a show's code is in: the script, the Lua files beside it and under its lib/, by
/// path relative to the script's directory, with their hashes. A standby runs exactly these.
enum ShowFiles {
    static let maxFiles = 500
    static let maxBytes = 16 << 20

    static func collect(script: String) throws -> [ShowFile] {
        let directory = URL(fileURLWithPath: script).standardizedFileURL.deletingLastPathComponent()
        var paths = [URL(fileURLWithPath: script).standardizedFileURL.lastPathComponent]
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasSuffix(".lua") && !paths.contains(name) {
            paths.append(name)
        }
        if let walk = fm.enumerator(atPath: directory.appendingPathComponent("lib").path) {
            for case let name as String in walk where name.hasSuffix(".lua") { paths.append("lib/" + name) }
        }
        guard paths.count <= maxFiles else { throw UsageError(description: "store: more than \(maxFiles) Lua files beside the script") }
        var total = 0
        return try paths.map { path in
            guard let data = fm.contents(atPath: directory.appendingPathComponent(path).path) else {
                throw UsageError(description: "store: cannot read \(path)")
            }
            total += data.count
            guard total <= maxBytes else { throw UsageError(description: "store: the show's Lua files are over \(maxBytes >> 20) MB") }
            return ShowFile(path: path, sha256: RunJournal.sha256(data), content: [UInt8](data))
        }
    }

    /// Writes `files` under a new directory and returns it; each is checked against its hash,
    /// and a path that would leave the directory is refused.
    static func restore(_ files: [ShowFile]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("showcall-standby-\(getpid())-\(UUID().uuidString)")
        for file in files {
            let parts = file.path.split(separator: "/")
            guard !file.path.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else {
                throw UsageError(description: "store: a stored file's path leaves the show's directory: \(file.path)")
            }
            guard RunJournal.sha256(file.content) == file.sha256 else {
                throw UsageError(description: "store: \(file.path) does not match its stored hash")
            }
            let url = dir.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.content).write(to: url)
        }
        return dir
    }
}
