import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A shared store in PostgreSQL: each show's journal, the files its script loaded, and the
/// lease that says which host runs it. Every time that matters is the database's clock
/// (`clock_timestamp()`), never a host's: hosts compare only durations the database measured.
public final class PostgresStore: Sendable {
    public let address: StoreAddress
    let client: PostgresClient
    private let runner: Task<Void, Never>
    /// The schema this ShowCall writes; a store with a newer one is refused.
    static let schemaVersion = 1
    static let logger = Logger(label: "showcall.store")

    /// Connects and makes (or checks) the schema.
    public init(_ address: StoreAddress) async throws {
        self.address = address
        let client = PostgresClient(configuration: address.configuration, backgroundLogger: Logger(label: "showcall.store", factory: { _ in SwiftLogNoOpLogHandler() }))
        self.client = client
        runner = Task { await client.run() }
        do {
            // The pool retries a connection refused, or a login rejected, until the check's time
            // is up, and then says only that: one connection first gives the reason at once.
            try await within(10, "the connection") {
                try await PostgresConnection.connect(configuration: address.connectionConfiguration, id: 0, logger: Self.logger).close()
            }
            try await within(30, "the schema check") { try await self.prepareSchema() }
        } catch {
            runner.cancel()
            throw StoreError("cannot use the store \(address): \(Self.describe(error))")
        }
    }

    deinit { runner.cancel() }

    /// A database error as one line: PostgresNIO's own description hides the server's message.
    public static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            return e.underlying.map(describe) ?? "\(e.code)"
        }
        // NIO's own descriptions list every address tried, with their internals.
        if let e = error as? NIOConnectionError {
            if let first = e.connectionErrors.first { return describe(first.error) }
            if let dns = e.dnsAError ?? e.dnsAAAAError { return "cannot resolve \(e.host): \(describe(dns))" }
            return "cannot connect to \(e.host)"
        }
        if let e = error as? IOError { return String(cString: strerror(e.errnoCode)) }
        if case ChannelError.connectTimeout(let limit)? = error as? ChannelError {
            return "no answer within \(limit.nanoseconds / 1_000_000) ms"
        }
        if let e = error as? PostgresTransactionError {
            return [e.beginError, e.closureError, e.commitError, e.rollbackError].compactMap { $0.map(describe) }.first ?? "a transaction failed"
        }
        return String(describing: error)
    }

    private func prepareSchema() async throws {
        try await client.withTransaction(logger: Self.logger) { db in
            // Two hosts starting at once make the schema once.
            try await db.query("SELECT pg_advisory_xact_lock(7311)", logger: Self.logger)
            try await db.query("CREATE TABLE IF NOT EXISTS showcall_schema (version integer NOT NULL)", logger: Self.logger)
            var version: Int?
            for try await v in try await db.query("SELECT version FROM showcall_schema", logger: Self.logger).decode(Int.self) { version = v }
            if let version {
                guard version <= Self.schemaVersion else {
                    throw StoreError("its schema is version \(version), newer than this ShowCall's (\(Self.schemaVersion)): upgrade ShowCall")
                }
                return
            }
            for statement in Self.schema { try await db.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger) }
            try await db.query("INSERT INTO showcall_schema (version) VALUES (\(Self.schemaVersion))", logger: Self.logger)
        }
    }

    static let schema = [
        // One row per show: who holds it, under which epoch, until when (the database's clock).
        """
        CREATE TABLE showcall_shows (
          show text PRIMARY KEY, holder text NOT NULL, epoch bigint NOT NULL,
          expires_at timestamptz NOT NULL, ended boolean NOT NULL DEFAULT false,
          created_at timestamptz NOT NULL DEFAULT clock_timestamp())
        """,
        // The journal: each entry's line as the file store would write it, and the epoch of the
        // holder that wrote it.
        """
        CREATE TABLE showcall_entries (
          show text NOT NULL REFERENCES showcall_shows (show), seq bigint NOT NULL,
          epoch bigint NOT NULL, line text NOT NULL, PRIMARY KEY (show, seq))
        """,
        // The script and every Lua file beside it and in its lib/, as the run started with them.
        """
        CREATE TABLE showcall_files (
          show text NOT NULL REFERENCES showcall_shows (show), path text NOT NULL,
          sha256 text NOT NULL, content bytea NOT NULL, PRIMARY KEY (show, path))
        """,
        // Hosts following a show, and when each last said so.
        """
        CREATE TABLE showcall_standbys (
          show text NOT NULL, host text NOT NULL, seen_at timestamptz NOT NULL, PRIMARY KEY (show, host))
        """,
    ]

    // MARK: the lease

    /// A lease as the database granted it: `remaining` seconds by its clock when it answered.
    public struct Grant: Sendable {
        public let epoch: Int64
        public let remaining: Double
    }

    /// Takes a new show's lease (epoch 1) and stores its files, in one transaction. Nil: the
    /// show is already in the store.
    func claim(show: String, holder: String, ttl: Double, files: [ShowFile]) async throws -> Grant? {
        try await client.withTransaction(logger: Self.logger) { db in
            var grant: Grant?
            for try await (epoch, remaining) in try await db.query("""
                INSERT INTO showcall_shows (show, holder, epoch, expires_at)
                VALUES (\(show), \(holder), 1, clock_timestamp() + make_interval(secs => \(ttl)))
                ON CONFLICT (show) DO NOTHING
                RETURNING epoch, EXTRACT(EPOCH FROM expires_at - clock_timestamp())::float8
                """, logger: Self.logger).decode((Int64, Double).self) { grant = Grant(epoch: epoch, remaining: remaining) }
            guard let grant else { return nil }
            for file in files {
                try await db.query("""
                    INSERT INTO showcall_files (show, path, sha256, content) VALUES (\(show), \(file.path), \(file.sha256), \(Data(file.content)))
                    """, logger: Self.logger)
            }
            return grant
        }
    }

    /// Extends the lease if `holder` still holds it under `epoch`; nil if it does not.
    func renew(show: String, holder: String, epoch: Int64, ttl: Double) async throws -> Double? {
        let rows = try await client.query("""
            UPDATE showcall_shows SET expires_at = clock_timestamp() + make_interval(secs => \(ttl))
            WHERE show = \(show) AND holder = \(holder) AND epoch = \(epoch) AND NOT ended
            RETURNING EXTRACT(EPOCH FROM expires_at - clock_timestamp())::float8
            """, logger: Self.logger)
        for try await remaining in rows.decode(Double.self) { return remaining }
        return nil
    }

    /// Takes the lease with the next epoch if it has lapsed (and the show has not ended). One
    /// of any number of hosts asking at once gets it.
    func takeOver(show: String, holder: String, ttl: Double) async throws -> Grant? {
        let rows = try await client.query("""
            UPDATE showcall_shows SET holder = \(holder), epoch = epoch + 1,
              expires_at = clock_timestamp() + make_interval(secs => \(ttl))
            WHERE show = \(show) AND expires_at < clock_timestamp() AND NOT ended
            RETURNING epoch, EXTRACT(EPOCH FROM expires_at - clock_timestamp())::float8
            """, logger: Self.logger)
        for try await (epoch, remaining) in rows.decode((Int64, Double).self) { return Grant(epoch: epoch, remaining: remaining) }
        return nil
    }

    /// Who holds a show: holder, epoch, seconds left (negative: lapsed), whether it ended.
    public struct Holding: Sendable {
        public let holder: String
        public let epoch: Int64
        public let remaining: Double
        public let ended: Bool
    }

    public func holding(_ show: String) async throws -> Holding? {
        let rows = try await client.query("""
            SELECT holder, epoch, EXTRACT(EPOCH FROM expires_at - clock_timestamp())::float8, ended
            FROM showcall_shows WHERE show = \(show)
            """, logger: Self.logger)
        for try await (holder, epoch, remaining, ended) in rows.decode((String, Int64, Double, Bool).self) {
            return Holding(holder: holder, epoch: epoch, remaining: remaining, ended: ended)
        }
        return nil
    }

    /// The run ended: no standby takes it over.
    func end(show: String, holder: String, epoch: Int64) async throws {
        try await client.query("""
            UPDATE showcall_shows SET ended = true, expires_at = clock_timestamp()
            WHERE show = \(show) AND holder = \(holder) AND epoch = \(epoch)
            """, logger: Self.logger)
    }

    // MARK: the journal

    /// Appends `lines` if `holder` still holds the show under `epoch` (fencing: a host that lost
    /// the show can never write again), in one transaction; followers are notified.
    func append(show: String, holder: String, epoch: Int64, lines: [(seq: Int64, text: String)]) async throws {
        // Fenced or refused is an answer, not a failure of the transaction (which would hide it in its own error).
        let refusal = try await client.withTransaction(logger: Self.logger) { db -> (any Error & Sendable)? in
            // The row lock orders this append against a takeover: it commits before the new
            // epoch, or sees it and writes nothing.
            var current: (String, Int64)?
            for try await row in try await db.query("SELECT holder, epoch FROM showcall_shows WHERE show = \(show) FOR UPDATE",
                                                    logger: Self.logger).decode((String, Int64).self) { current = row }
            guard let current, current.0 == holder, current.1 == epoch else {
                return LeaseLost(holder: current?.0 ?? "nobody", epoch: current?.1 ?? 0)
            }
            let seqs = lines.map(\.seq), texts = lines.map(\.text)
            // An append tried again after its commit landed and its answer was lost (the server
            // stopped, the answer was abandoned) finds its own lines there: that is the append
            // done. Other lines at these numbers cannot come from the holder of this epoch.
            try await db.query("""
                INSERT INTO showcall_entries (show, seq, epoch, line)
                SELECT \(show), s, \(epoch), l FROM unnest(\(seqs)::bigint[], \(texts)::text[]) AS t(s, l)
                ON CONFLICT (show, seq) DO NOTHING
                """, logger: Self.logger)
            var others: Int64 = 0
            for try await n in try await db.query("""
                SELECT count(*) FROM showcall_entries e JOIN unnest(\(seqs)::bigint[], \(texts)::text[]) AS t(s, l) ON e.seq = t.s
                WHERE e.show = \(show) AND (e.epoch <> \(epoch) OR e.line <> t.l)
                """, logger: Self.logger).decode(Int64.self) { others = n }
            if others > 0 { return JournalConflict(show: show, seqs: seqs) }
            try await db.query("SELECT pg_notify('showcall', \(show))", logger: Self.logger)
            return nil
        }
        if let refusal { throw refusal }
    }

    /// The lines after `seq`, in order.
    func lines(show: String, after seq: Int64) async throws -> [(seq: Int64, text: String)] {
        let rows = try await client.query("SELECT seq, line FROM showcall_entries WHERE show = \(show) AND seq > \(seq) ORDER BY seq",
                                          logger: Self.logger)
        var out: [(seq: Int64, text: String)] = []
        for try await (seq, line) in rows.decode((Int64, String).self) { out.append((seq, line)) }
        return out
    }

    /// Waits for the next append to `show` (LISTEN), or `seconds`. Returns whether one came.
    public func nextAppend(to show: String, within seconds: Double) async throws -> Bool {
        try await client.withConnection { db in
            try await db.listen(on: "showcall") { notifications in
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    group.addTask {
                        for try await n in notifications where n.payload == show { return true }
                        return false
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(max(0.01, seconds)))
                        return false
                    }
                    defer { group.cancelAll() }
                    return try await group.next() ?? false
                }
            }
        }
    }

    // MARK: the script's files

    public func files(show: String) async throws -> [ShowFile] {
        let rows = try await client.query("SELECT path, sha256, content FROM showcall_files WHERE show = \(show) ORDER BY path", logger: Self.logger)
        var out: [ShowFile] = []
        for try await (path, sha, content) in rows.decode((String, String, Data).self) {
            out.append(ShowFile(path: path, sha256: sha, content: [UInt8](content)))
        }
        return out
    }

    // MARK: standbys and the list of shows

    /// `host` follows `show`; said again every second or so.
    public func standingBy(show: String, host: String) async throws {
        try await client.query("""
            INSERT INTO showcall_standbys (show, host, seen_at) VALUES (\(show), \(host), clock_timestamp())
            ON CONFLICT (show, host) DO UPDATE SET seen_at = excluded.seen_at
            """, logger: Self.logger)
    }

    /// The hosts that said they follow `show` in the last few seconds.
    public func standbys(_ show: String) async throws -> [String] {
        let rows = try await client.query("""
            SELECT host FROM showcall_standbys WHERE show = \(show) AND seen_at > clock_timestamp() - interval '5 seconds' ORDER BY host
            """, logger: Self.logger)
        var out: [String] = []
        for try await host in rows.decode(String.self) { out.append(host) }
        return out
    }

    /// Every show in the store, newest first.
    public struct Summary: Sendable {
        public let show: String
        public let holding: Holding
        public let lastLine: String?
    }

    public func shows() async throws -> [Summary] {
        let rows = try await client.query("""
            SELECT s.show, s.holder, s.epoch, EXTRACT(EPOCH FROM s.expires_at - clock_timestamp())::float8, s.ended,
              (SELECT line FROM showcall_entries e WHERE e.show = s.show ORDER BY seq DESC LIMIT 1)
            FROM showcall_shows s ORDER BY s.created_at DESC
            """, logger: Self.logger)
        var out: [Summary] = []
        for try await (show, holder, epoch, remaining, ended, line) in rows.decode((String, String, Int64, Double, Bool, String?).self) {
            out.append(Summary(show: show, holding: Holding(holder: holder, epoch: epoch, remaining: remaining, ended: ended), lastLine: line))
        }
        return out
    }
}

/// Another host holds the show now (or it was never this one's).
public struct LeaseLost: Error, CustomStringConvertible, Sendable {
    public let holder: String
    public let epoch: Int64
    public var description: String { "the show's lease is held by \(holder) (epoch \(epoch))" }
}

/// The journal already holds other lines at the numbers of an append: never written again
/// over, and not waited out (it will not change).
public struct JournalConflict: Error, CustomStringConvertible, Sendable {
    public let show: String
    public let seqs: [Int64]
    public var description: String {
        "the journal of show '\(show)' already holds other entries at seq \(seqs.first ?? 0)...\(seqs.last ?? 0)"
    }
}
