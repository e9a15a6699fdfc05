import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LuaHost
import SharedStore
@testable import ShowEngine
import Testing

/// A throwaway PostgreSQL cluster of a test's own (scripts/failover/pgcluster.py: initdb in a
/// temporary directory, a free loopback port), stopped and removed when the test ends.
final class PostgresCluster {
    let url: String
    private let dir: String
    static let script = repositoryRoot.appendingPathComponent("scripts/failover/pgcluster.py").path

    init() throws {
        let out = try Self.python(["start"])
        let parts = out.split(separator: " ").map(String.init)
        try #require(parts.count == 2, "pgcluster.py start: \(out)")
        (url, dir) = (parts[0], parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
    }

    deinit { _ = try? Self.python(["stop", dir]) }

    @discardableResult
    static func python(_ args: [String]) throws -> String { try python3([script] + args).stdout }
}

/// `python3 ARGS...` (one of the repository's scripts), its standard output and status.
func python3(_ args: [String]) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + args
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

/// A loopback port bound and never listened on: a connection to it is refused, and nothing else
/// can take the port while this holds it.
final class ClosedPort {
    let port: Int
    private let socket: Int32

    init() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        socket = fd
        try #require(fd >= 0 && bound)
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socket) }
}

@Suite("main and backup: the journal and the lease in PostgreSQL")
struct StoreTests {
    @Test("run --store journals in PostgreSQL; log --store and shows read it; a second run of the same name and a bad address are refused")
    func runLogShows() throws {
        let db = try PostgresCluster()
        let dir = try scratch(["show.lua": """
            local show = require "showcall.show"
            local zoom = require "showcall.zoom"
            local s = show.new("Stored")
            s:step("live", { run = function() zoom.webinar(68423085).livestream:start() end })
            s:run()
            print("done")
            """])
        let run = try ShowCallProcess.run(["run", "--store", db.url, "show.lua"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("holding show 'show'"), "\(run.stderr)")
        let log = try ShowCallProcess.run(["log", "show"], in: dir, environment: ["SHOWCALL_STORE": db.url])
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.stdout.contains("CALL  → zoom.livestream:start zoom webinar 68423085 live stream"), "\(log.stdout)")
        #expect(log.stdout.contains("RUN   ended: done"), "\(log.stdout)")
        let shows = try ShowCallProcess.run(["shows", "--store", db.url], in: dir)
        #expect(shows.stdout.hasPrefix("show\t") && shows.stdout.contains("\tended\t"), "\(shows.stdout)")
        let again = try ShowCallProcess.run(["run", "--store", db.url, "show.lua"], in: dir)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already has a show named 'show'"), "\(again.stderr)")
        for bad in ["mysql://u@h/db", "postgres://h/db", "postgres://u@h:99999/db", "postgres://u@h/", "postgres://u:secret@h/db?x=1"] {
            let r = try ShowCallProcess.run(["run", "--store", bad, "show.lua"], in: dir)
            #expect(r.status == 2 && r.stderr.contains("store: "), "\(bad): \(r.stderr)")
            #expect(!r.stderr.contains("secret"), "\(bad): \(r.stderr)")
        }
    }

    @Test("a store that refuses the connection, the user or the database says so, not that it did not answer")
    func refusedStore() throws {
        let db = try PostgresCluster()
        let dir = try scratch(["show.lua": "print('ran')\n"])
        var parts = try #require(URLComponents(string: db.url))
        var nobody = parts, nowhere = parts
        nobody.user = "nobody"
        nowhere.path = "/nowhere"
        let closed = try ClosedPort()
        parts.port = closed.port
        let cases = [(parts.string!, "Connection refused"), (nobody.string!, "role \"nobody\" does not exist"),
                     (nowhere.string!, "database \"nowhere\" does not exist")]
        for (address, reason) in cases {
            let r = try ShowCallProcess.run(["run", "--store", address, "show.lua"], in: dir)
            #expect(r.status == 2 && r.stderr.contains(reason) && !r.stderr.contains("did not answer"), "\(address): \(r.stderr)")
            #expect(!r.stdout.contains("ran"))
        }
    }

    @Test("fencing: once another host has taken the show, the old holder's append is refused and it may send nothing")
    func fencing() async throws {
        let db = try PostgresCluster()
        let store = try await PostgresStore(try StoreAddress(db.url))
        let settings = try LeaseSettings(renew: 0.1, ttl: 0.3, attempt: 0.2)
        let old = try await ShowLease.claim(store: store, show: "fenced", holder: "main", settings: settings, files: [], events: { _ in })
        let oldJournal = PostgresJournalStore(store: store, show: "fenced", lease: old)
        #expect(await Self.append(oldJournal, seq: 1) == nil)
        // The old holder stops renewing (it froze); a standby takes the show once the lease lapses.
        var taken: ShowLease?
        let deadline = ContinuousClock.now + .seconds(10)
        while taken == nil, ContinuousClock.now < deadline {
            taken = try await ShowLease.takeOver(store: store, show: "fenced", holder: "standby", settings: settings, events: { _ in })
        }
        let new = try #require(taken)
        #expect(new.epoch == 2)
        let refused = await Self.append(oldJournal, seq: 2)
        #expect(refused?.contains("held by standby (epoch 2)") == true, "\(refused ?? "taken")")
        await #expect(throws: LeaseLost.self) { _ = try await old.waitToSend("zoom.livestream:start") }
        #expect(await Self.append(PostgresJournalStore(store: store, show: "fenced", lease: new), seq: 2) == nil)
        let lines = try await Self.read(PostgresJournalStore(store: store, show: "fenced"))
        #expect(String(decoding: lines, as: UTF8.self).split(separator: "\n").count == 2)
    }

    @Test("an append tried again after its commit landed is done; other lines at its numbers are refused at once")
    func appendTriedAgain() async throws {
        let db = try PostgresCluster()
        let store = try await PostgresStore(try StoreAddress(db.url))
        let settings = try LeaseSettings(renew: 0.1, ttl: 0.3, attempt: 0.2)
        let lease = try await ShowLease.claim(store: store, show: "again", holder: "main", settings: settings, files: [], events: { _ in })
        let journal = PostgresJournalStore(store: store, show: "again", lease: lease)
        #expect(await Self.append(journal, seq: 1) == nil)
        // The same lines again, as the journal sends them when the answer to the first was lost.
        #expect(await Self.append(journal, seq: 1) == nil)
        let other = await Self.append(journal, seq: 1, text: "{\"other\":1}\n")
        #expect(other?.contains("already holds other entries at seq 1") == true, "\(other ?? "written")")
        let lines = try await Self.read(PostgresJournalStore(store: store, show: "again"))
        #expect(String(decoding: lines, as: UTF8.self) == "{\"seq\":1}\n")
    }

    /// An append from a thread of its own, as the journal makes it.
    static func append(_ store: PostgresJournalStore, seq: Int64, text: String? = nil) async -> String? {
        await withCheckedContinuation { c in
            Thread { c.resume(returning: store.append([JournalLine(seq: seq, text: text ?? "{\"seq\":\(seq)}\n")])) }.start()
        }
    }

    /// The whole journal, read from a thread of its own as `showcall log` reads it: the store's
    /// reads block their thread, and two tests blocking both of this machine's concurrency
    /// threads at once left every task waiting (the whole suite hung).
    static func read(_ store: PostgresJournalStore) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { c in
            Thread { c.resume(with: Result { try store.read(after: 0).bytes }) }.start()
        }
    }

    static func failover(_ args: [String]) throws -> (status: Int32, stdout: String) {
        try python3([repositoryRoot.appendingPathComponent("scripts/failover/failover-test").path,
                     "--binary", ShowCallProcess.executable.path] + args)
    }

    @Test("the failover test, reduced: the main killed or frozen at random moments, the standby finishes the show with every change made once")
    func failoverReduced() throws {
        let (status, text) = try Self.failover(["--kills", "3", "--freezes", "1", "--seed", "5"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("4/4 trials passed"), "\(text)")
    }

    @Test("PostgreSQL stopped for 10 s mid-show: no call sent twice, the show goes on afterwards, the outage reported")
    func databaseOutage() throws {
        let (status, text) = try Self.failover(["--kills", "0", "--freezes", "0", "--outages", "1", "--seed", "6"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("1/1 trials passed"), "\(text)")
    }
}
