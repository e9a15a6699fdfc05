import ArgumentParser
import Foundation
import LuaHost
import SharedStore
import ShowEngine
#if canImport(Glibc)
import Glibc
#endif

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Pick up a run that stopped (a crash, a kill, a second Ctrl-C) from its journal.",
        discussion: """
        Runs the journal's script again, with its arguments and profile, appending to the same \
        journal. Steps that ended are not run again; the step that was running runs again with \
        each platform call it had made answered from the journal instead of sent twice; a call \
        sent without an answer is checked against the platform's state first (never a second \
        start, never an early stop). Clock times and delays keep to the original schedule. A \
        script changed since the journal began is refused unless --force.
        """
    )

    @Argument(help: "The journal of the run to resume; with a store, the show's name there.", completion: Completions.journal)
    var journal: String

    @Flag(help: "Resume even though the script changed since the journal began.")
    var force = false

    @OptionGroup var controlOptions: ControlOptions

    @OptionGroup var safetyOptions: SafetyOptions

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingErrors {
            if let address = try storeOptions.address(profile: nil) {
                let store = try StoreOptions.connect(address)
                guard let hosted = try HostedShow.takeOver(store, name: journal, settings: try storeOptions.settings()) else {
                    let holding = try? blocking { [journal] in try await store.holding(journal) }
                    throw UsageError(description: (holding ?? nil).map { "show '\(journal)' is held by \($0.holder) (epoch \($0.epoch)); only a lapsed lease is taken over" }
                        ?? "the store has no running show named '\(journal)'")
                }
                return try Self.takeOver(hosted, store: store, force: force, control: controlOptions, safety: safetyOptions)
            }
            let file: JournalFile
            do { file = try JournalFile(path: journal) } catch { throw UsageError(description: "\(error)") }
            if file.tornTail != nil, file.ending == nil || file.ending == .interrupted {
                // Cut back to the last whole line, so the resumed run's entries start on a line of their own.
                guard truncate(journal, off_t(file.intactLength)) == 0 else {
                    throw UsageError(description: "cannot repair the journal \(journal): \(String(cString: strerror(errno)))")
                }
                Console.err("showcall: the journal's last entry was cut short by the crash; it is set aside\n")
            }
            return try Self.resume(file, script: file.header.string("script"), force: force, control: controlOptions, safety: safetyOptions) { first, header in
                RunJournal.journal(path: journal, firstSeq: first) { header }
            }
        }
    }

    /// A show taken over from the store (`resume --store`, `standby`): its files as the run
    /// started with them, its journal fenced by the new lease. The takeover is journaled at
    /// once; then the longest attempt the old holder could still have in flight is waited out.
    static func takeOver(_ hosted: HostedShow, store: PostgresStore, force: Bool, control: ControlOptions, safety: SafetyOptions) throws -> Int32 {
        let show = hosted.lease.show
        defer { hosted.end() }
        let file: JournalFile
        do { file = try JournalFile(store: hosted.journalStore) } catch { throw UsageError(description: "\(error)") }
        let files = try blocking { try await store.files(show: show) }
        let directory = try ShowFiles.restore(files)
        let name = file.header.string("script").map { URL(fileURLWithPath: $0).lastPathComponent }
        Console.err("showcall: took over show '\(show)' (epoch \(hosted.lease.epoch)) at \(ShowTime(zone: .current).clock(Date().timeIntervalSince1970))\n")
        return try resume(file, script: name.map { directory.appendingPathComponent($0).path }, force: force, control: control, safety: safety) { first, header in
            let journal = RunJournal.journal(store: hosted.journalStore, firstSeq: first) { header }
            journal.begin()
            journal.flush()
            Thread.sleep(forTimeInterval: hosted.lease.settings.attempt)
            return journal
        }
    }

    /// A request the run sent just before it died may still be on its way, or at the platform:
    /// checked at once, it could read as not yet in place and be sent a second time. As a
    /// takeover waits out the old holder's longest attempt, a resume checks nothing until that
    /// long (the lease's default attempt limit) after the last unanswered call was journaled;
    /// a journal older than that waits for nothing. The clock is the wall's, as the journal's:
    /// a step of it shortens or cancels the wait, never lengthens it past the limit.
    static func letUnansweredLand(_ replay: JournalReplay) {
        guard let sent = replay.lastUnanswered else { return }
        let limit = LeaseSettings.standard.attempt
        let wait = min(limit, sent + limit - Date().timeIntervalSince1970)
        guard wait > 0 else { return }
        Console.err("showcall: a request the run sent \(String(format: "%.1f", limit - wait)) s ago has no answer in the journal; checking it in \(String(format: "%.1f", wait)) s, once it has had time to land\n")
        Thread.sleep(forTimeInterval: wait)
    }

    /// A resumed show counts its delays from the journal's times, so an entry timed after now
    /// pushes them out by as much (400 days ahead ends past the longest wait a show may have).
    /// Seconds ahead is the other host's clock in a takeover: said, and resumed. Past an hour it
    /// is no drift NTP lets through but a clock set wrong or an edited line: refused, naming it.
    static let clockAheadLimit: Double = 3600

    static func checkClock(_ file: JournalFile, now: Double = Date().timeIntervalSince1970) throws {
        guard let (place, entry, ahead) = file.furthestAhead(of: now), ahead >= 1 else { return }
        let amount = ahead >= 86400 ? "\(Int(ahead / 86400)) days" : "\(Int(ahead)) s"
        guard ahead <= clockAheadLimit else {
            throw UsageError(description: "\(place): entry '\(entry.kind.rawValue)' is timed \(amount) after this machine's clock; the resumed show would count its waits from it. Set the clock right (or find who edited the journal), then resume")
        }
        Console.err("showcall: \(place): the journal runs \(amount) ahead of this machine's clock (the other host's clock?); waits counted from it run long by as much\n")
    }

    /// Runs `file`'s script again from its journal; `journal` makes the journal the resumed run
    /// appends to, from the sequence number and first entry it is given.
    static func resume(_ file: JournalFile, script: String?, force: Bool, control: ControlOptions, safety safetyOptions: SafetyOptions,
                       journal makeJournal: (Int64, JournalEntry) throws -> Journal) throws -> Int32 {
        let location = file.path
        if let ending = file.ending, ending != .interrupted {
            Console.err("showcall: nothing to resume: that run \(ending == .done ? "finished" : "ended with a script error")\n")
            return 0
        }
        guard file.canGoOn else {
            throw UsageError(description: "\(location): its entries' numbers are used up (the last is \(file.nextSeq - 1)); it cannot be resumed")
        }
        try checkClock(file)
        let header = file.header
        guard let script, script != "-", header.string("script") != "-" else {
            throw UsageError(description: "a script read from standard input cannot be resumed")
        }
        guard access(script, R_OK) == 0 else { throw UsageError(description: "cannot open \(script): \(String(cString: strerror(errno)))") }
        let hash = try RunJournal.hash(of: script)
        let forced = hash != header.string("sha256")
        if forced {
            guard force else {
                throw UsageError(description: "\(script) changed since the journal began (sha256 \(header.string("sha256")?.prefix(12) ?? "?")…, now \(hash.prefix(12))…): resuming may run steps that were never planned; --force resumes anyway")
            }
            Console.err("showcall: \(script) changed since the journal began; resuming anyway (--force)\n")
        }
        let profile = header.string("profile")
        if profile == nil {
            Console.err("showcall: the run being resumed used the embedded simulator, whose state ended with it: resuming against a fresh one\n")
        }
        let args: [String] = if case .table(let t) = header["args"] { t.array.compactMap(\.text) } else { [] }

        var options = EngineOptions(mode: .run)
        let platforms = try PlatformTarget.directory(profile: profile, rehearsal: false)
        options.platforms = platforms
        options.control = try control.settings()
        // What the run was allowed: its start's record, tightened by each resume's (a later
        // record can never loosen it, whoever wrote it).
        let records = try file.entries.filter { [.runStarted, .runResumed].contains($0.kind) }
            .map { try ScriptSafety(journal: $0["safety"], at: location) }
        var safety = try safetyOptions.resumed(from: ScriptSafety.tightest(records), platforms: platforms, profile: profile)
        safety.journal = location
        options.signalGrace = safety.signalGrace
        let resumed = JournalEntry.runResumed(pid: Int64(getpid()), sha256: hash, forced: forced, safety: safety.journalEntry)
        let replay = JournalReplay(file)
        options.record = RunRecord(journal: try makeJournal(file.nextSeq, resumed), replay: replay)
        letUnansweredLand(replay)

        let state = try ScriptSession.makeState(scriptDirectory: StandardLibrary.parent(of: script), screen: options.screen, safety: safety)
        guard let chunk = ScriptSession.load(state, file: script) else { return ExitStatus.scriptError }
        try state.setGlobal("arg", ScriptSession.argTable(script: script, arguments: args, command: "resume"))
        return try ScriptSession.runMain(state, chunk, args: args.map { LuaValue.string($0) }, options: options)
    }
}
