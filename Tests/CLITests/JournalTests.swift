import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A show run's journal, `showcall log`, `showcall resume` and the signals an operator sends.
@Suite("journal, log, resume and signals")
struct JournalTests {
    /// Two steps against the embedded simulator; the second waits `wait` seconds. Its cleanup
    /// prints, so a test sees that it ran.
    static func show(wait: Double, cleanup: Double = 0) -> String {
        """
        local sc = require "showcall"
        local show = require "showcall.show"
        local zoom = require "showcall.zoom"
        local stream = zoom.webinar(68423085).livestream
        local s = show.new("J", { cleanup = function() sc.sleep(\(cleanup)) print("cleanup ran") end })
        s:step("live", { run = function() stream:start() end })
        s:step("off", { after = \(wait), run = function() stream:stop() end })
        print(s:run())
        """
    }

    static func entries(_ path: URL) throws -> [[String: Any]] {
        try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test("a run journals the show, each call's intent before its outcome, and log prints it readably and as JSON")
    func journalAndLog() throws {
        let dir = try scratch(["show.lua": Self.show(wait: 0)])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try ShowCallProcess.run(["run", "--journal", journal.path, "show.lua"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("showcall: journal \(journal.path)"))
        let entries = try Self.entries(journal)
        let types = entries.map { $0["type"] as? String ?? "?" }
        #expect(types.first == "run_started")
        #expect(types.last == "run_ended")
        #expect(entries.first?["sha256"] as? String != nil)
        #expect(entries.map { $0["seq"] as? Int } == Array(1 ... entries.count).map { $0 })
        let intent = try #require(types.firstIndex(of: "call_intent"))
        let outcome = try #require(types.firstIndex(of: "call_outcome"))
        #expect(intent < outcome)
        #expect(entries[outcome]["call"] as? String == entries[intent]["call"] as? String)
        for step in ["step_started", "step_done", "show_done", "show_cleanup"] { #expect(types.contains(step), "\(step)") }

        let log = try ShowCallProcess.run(["log", journal.path], in: dir)
        #expect(log.status == 0)
        #expect(log.stdout.contains("CALL  → zoom.livestream:start zoom webinar 68423085 live stream"))
        #expect(log.stdout.contains("CALL  ← zoom.livestream:start: ok"))
        #expect(log.stdout.contains("[J] step 'off' done"))
        let json = try ShowCallProcess.run(["log", "--json", journal.path], in: dir)
        #expect(json.stdout.split(separator: "\n").count == entries.count)
    }

    @Test("a torn last line is set aside by log and repaired by resume; a damaged middle line is an error")
    func tornTail() throws {
        let dir = try scratch(["show.lua": Self.show(wait: 0)])
        let journal = dir.appendingPathComponent("run.jsonl")
        _ = try ShowCallProcess.run(["run", "--journal", journal.path, "show.lua"], in: dir)
        var lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").map(String.init)
        // Cut the run off after the first call's intent, mid-way through the next line.
        let intent = try #require(lines.firstIndex { $0.contains("\"call_intent\"") })
        lines = Array(lines[...intent])
        try (lines.joined(separator: "\n") + "\n{\"call\":\"J/li").write(to: journal, atomically: true, encoding: .utf8)

        let log = try ShowCallProcess.run(["log", journal.path], in: dir)
        #expect(log.status == 0)
        #expect(log.stderr.contains("cut short"))

        let resume = try ShowCallProcess.run(["resume", journal.path], in: dir)
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(resume.stderr.contains("cut short by the crash"))
        #expect(resume.stdout.contains("done"))
        let entries = try Self.entries(journal)
        #expect(entries.contains { $0["type"] as? String == "run_resumed" })
        // The call journaled without an outcome was checked first, then made.
        #expect(entries.contains { $0["type"] as? String == "call_intent" && $0["unanswered_before"] as? Bool == true })

        var damaged = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").map(String.init)
        damaged[2] = "not json"
        try (damaged.joined(separator: "\n") + "\n").write(to: journal, atomically: true, encoding: .utf8)
        let bad = try ShowCallProcess.run(["log", journal.path], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("damaged"))
    }

    @Test("resume refuses a changed script unless --force, and has nothing to do for a finished run")
    func resumeGuards() throws {
        let dir = try scratch(["show.lua": Self.show(wait: 0)])
        let journal = dir.appendingPathComponent("run.jsonl")
        _ = try ShowCallProcess.run(["run", "--journal", journal.path, "show.lua"], in: dir)
        let finished = try ShowCallProcess.run(["resume", journal.path], in: dir)
        #expect(finished.status == 0)
        #expect(finished.stderr.contains("nothing to resume"))

        // Make it look crashed: drop everything after the first step started.
        let lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n")
        let cut = try #require(lines.firstIndex { $0.contains("\"step_started\"") })
        try (lines[...cut].joined(separator: "\n") + "\n").write(to: journal, atomically: true, encoding: .utf8)
        try (Self.show(wait: 0) + "\n-- edited\n").write(to: dir.appendingPathComponent("show.lua"), atomically: true, encoding: .utf8)
        let refused = try ShowCallProcess.run(["resume", journal.path], in: dir)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("changed since the journal began"))
        let forced = try ShowCallProcess.run(["resume", "--force", journal.path], in: dir)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("done"))
    }

    /// Starts the two-step show (its second step an hour away), waits until it is waiting, and
    /// sends `signals` a moment apart. Returns the outcome and the journal's entries.
    static func signalled(_ signals: [Int32], cleanup: Double = 0) throws -> (ShowCallProcess, [[String: Any]]) {
        let dir = try scratch(["show.lua": Self.show(wait: 3600, cleanup: cleanup)])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try BackgroundShowCall(["run", "--journal", journal.path, "show.lua"], in: dir)
        run.wait(for: "\"step\":\"off\"", in: journal)
        for sig in signals {
            run.signal(sig)
            usleep(100_000)
        }
        let result = run.finish()
        return (result, try entries(journal))
    }

    @Test("the first SIGINT aborts the show and runs its cleanup; SIGTERM does the same")
    func interruptAborts() throws {
        for (sig, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            let (run, entries) = try Self.signalled([sig])
            #expect(run.status == status, "\(run.stderr)")
            #expect(run.stdout.contains("cleanup ran"))
            #expect(run.stdout.contains("aborted"))
            let types = entries.map { $0["type"] as? String }
            #expect(types.contains("signal"))
            #expect(types.contains("show_aborted"))
            #expect(entries.last?["status"] as? String == "interrupted")
        }
    }

    @Test("a second SIGINT exits at once with the journal flushed, and the run can be resumed")
    func secondInterruptExits() throws {
        // A show whose cleanup takes its time: the second Ctrl-C cuts it short.
        let (run, entries) = try Self.signalled([SIGINT, SIGINT], cleanup: 30)
        #expect(run.status == 130)
        #expect(run.stderr.contains("again: exiting now"))
        #expect(entries.last?["type"] as? String == "run_ended")
        #expect(!run.stdout.contains("cleanup ran"))
    }

    @Test("SIGHUP is ignored by a run without a terminal")
    func hangupIgnored() throws {
        let dir = try scratch(["show.lua": Self.show(wait: 1)])
        let process = Process()
        process.executableURL = ShowCallProcess.executable
        process.arguments = ["run", "--journal", dir.appendingPathComponent("run.jsonl").path, "show.lua"]
        process.currentDirectoryURL = dir
        let out = Pipe()
        (process.standardOutput, process.standardError, process.standardInput) = (out, FileHandle.nullDevice, FileHandle.nullDevice)
        try process.run()
        usleep(500_000)
        kill(process.processIdentifier, SIGHUP)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: o, as: UTF8.self).contains("done"))
    }

    @Test("the crash test, reduced: killed at random moments against a standalone simulator, resume finishes the show with every change made once")
    func crashTestReduced() throws {
        let (status, text) = try python3([repositoryRoot.appendingPathComponent("scripts/crash/crash-test").path,
                                          "--kills", "4", "--seed", "11", "--binary", ShowCallProcess.executable.path])
        #expect(status == 0, "\(text)")
        #expect(text.contains("4/4 trials passed"), "\(text)")
    }
}

@Suite("journal: two shows at once")
struct TwoShowJournalTests {
    @Test("two shows run at once, killed, resumed: each call is answered from its own show's record, none sent again")
    func twoShowsResume() throws {
        // X reaches x1 after Y reached y1; on resume both cursors move at once, in the other
        // order. Keyed by the show that moved last, X's call would get a new key and go out again.
        let dir = try scratch(["show.lua": """
            local sc = require "showcall"
            local show = require "showcall.show"
            local zoom = require "showcall.zoom"
            local stream = zoom.webinar(68423085).livestream
            local function hold() if not io.open("resumed.flag") then sc.sleep(3600) end end
            local x = show.new("X")
            x:step("x0", { run = function() sc.sleep(0.3) end })
            x:step("x1", { run = function() stream:start() hold() end })
            local y = show.new("Y")
            y:step("y0", { run = function() sc.sleep(0.1) end })
            y:step("y1", { run = function() hold() end })
            sc.parallel { function() x:run() end, function() y:run() end }
            print("both done")
            """])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try BackgroundShowCall(["run", "--journal", journal.path, "show.lua"], in: dir)
        run.wait(for: "\"call_outcome\"", in: journal)
        run.signal(SIGKILL)
        _ = run.finish()
        let before = try JournalTests.entries(journal)
        let key = try #require(before.first { $0["type"] as? String == "call_intent" }?["call"] as? String)
        #expect(key.hasPrefix("X/x1#1|zoom.livestream:start|"), "\(key)")

        try "".write(to: dir.appendingPathComponent("resumed.flag"), atomically: true, encoding: .utf8)
        let resumed = try ShowCallProcess.run(["resume", journal.path], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("both done"))
        let after = try JournalTests.entries(journal).dropFirst(before.count)
        #expect(after.contains { $0["type"] as? String == "call_replayed" && $0["call"] as? String == key })
        #expect(!after.contains { $0["type"] as? String == "call_intent" }, "a call went out again")
    }
}

@Suite("journal: what is durable before the wire")
struct JournalOrderTests {
    @Test("GO over the control API and the call it releases are journaled in order: the command, the go event, the step, then the call's intent")
    func goBeforeIntent() throws {
        let dir = try scratch(["show.lua": """
            local show = require "showcall.show"
            local zoom = require "showcall.zoom"
            local stream = zoom.webinar(68423085).livestream
            local s = show.new("G")
            s:step("live", { cue = "ready", run = function() stream:start() end })
            s:run()
            """])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try BackgroundShowCall(["run", "--control", "0", "--journal", journal.path, "show.lua"], in: dir)
        // The control API's address, as run prints it; then the show waiting on its cue.
        run.waitForOutput("control page", onError: true)
        let address = try #require(run.errorSoFar.split(separator: "\n").first { $0.contains("control API on ") }?.split(separator: " ").last)
        run.wait(for: "\"step_next\"", in: journal)
        var request = URLRequest(url: URL(string: "\(address)/go")!)
        request.httpMethod = "POST"
        let posted = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, _, _ in posted.signal() }.resume()
        posted.wait()
        #expect(run.finish().status == 0)
        let types = try JournalTests.entries(journal).map { ($0["type"] as? String ?? "?") + (($0["command"] as? String).map { ":" + $0 } ?? "") }
        let command = try #require(types.firstIndex(of: "command:go"))
        let go = try #require(types.firstIndex(of: "go"))
        let started = try #require(types.firstIndex(of: "step_started"))
        let intent = try #require(types.firstIndex(of: "call_intent"))
        #expect(command < go && go < started && started < intent, "\(types)")
    }
}

/// A request the crashed run sent may still land after the crash: a resume made at once must
/// not read the platform before it has had time to, or it finds the change not yet in place and
/// sends it a second time.
@Suite("resume: an unanswered call is checked once it has had time to land")
struct UnansweredCallTests {
    /// `method` on the simulator's admin `path`, synchronously: the answer's body.
    static func admin(_ base: String, _ method: String, _ path: String, body: String? = nil) -> Data {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer = Data()
        URLSession.shared.dataTask(with: request) { data, _, _ in answer = data ?? Data(); done.signal() }.resume()
        done.wait()
        return answer
    }

    @Test("killed with a Webex lock in flight and resumed at once, the status read waits until the lock has had 2 s to land")
    func checkedOnceLanded() throws {
        // The lock takes 30 s at the platform: it is in flight when the run is killed.
        let sim = try SimProfileTests.Simulator(faults: "webex/v1/meetings/controls:latency=30s")
        let base = try #require(sim.banner.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
        let dir = try scratch(["showcall.toml": sim.profile("sim"),
                               "show.lua": "require('showcall.webex').meeting('560d7b784f5143e3be2fc3064a5c4999'):lock()\nprint('locked')\n"])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try BackgroundShowCall(["run", "--profile", "sim", "--journal", journal.path, "show.lua"], in: dir)
        run.wait(for: "\"call_intent\"", in: journal)
        run.signal(SIGKILL)
        _ = run.finish()
        // The platform answers at once again: the check's own timing is what is measured.
        _ = Self.admin(base, "DELETE", "/_sim/faults")
        let intent = try #require(try JournalTests.entries(journal).first { $0["type"] as? String == "call_intent" })
        let sent = try #require(intent["time"] as? Double)

        let resumedAt = Date().timeIntervalSince1970
        let resumed = try ShowCallProcess.run(["resume", journal.path], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout == "locked\n")
        // (A machine slow enough to start the resume 2 s after the intent has nothing to wait for.)
        if resumedAt < sent + 1.5 {
            #expect(resumed.stderr.contains("has no answer in the journal; checking it in"), "\(resumed.stderr)")
        }
        let log = try JSONSerialization.jsonObject(with: Self.admin(base, "GET", "/_sim/log")) as? [String: Any]
        let entries = try #require(log?["entries"] as? [[String: Any]])
        let check = try #require(entries.first { $0["method"] as? String == "GET" && ($0["path"] as? String ?? "").hasSuffix("/meetings/controls") })
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let checked = try #require((check["time"] as? String).flatMap(iso.date(from:)))
        #expect(checked.timeIntervalSince1970 >= sent + 2 - 0.05, "checked \(checked.timeIntervalSince1970 - sent) s after the intent")
    }
}

@Suite("journal: --journal is checked before the show starts")
struct JournalOptionTests {
    @Test("an empty path, a directory or a device is refused, and nothing runs", arguments: ["", ".", "/dev/full", "/dev/null"])
    func refused(path: String) throws {
        let dir = try scratch(["show.lua": "print('ran')\nrequire('showcall.webex').meeting('560d7b784f5143e3be2fc3064a5c4999'):lock()\n"])
        let r = try ShowCallProcess.run(["run", "--journal", path, "show.lua"], in: dir)
        #expect(r.status != 0, "\(path): \(r.stderr)")
        #expect(r.stdout.isEmpty, "\(path): \(r.stdout)")
        #expect(r.stderr.contains("--journal"), "\(path): \(r.stderr)")
    }

    @Test("log and resume of a directory or a device say so, naming it", arguments: [".", "/dev/zero", "/dev/null"])
    func readRefused(path: String) throws {
        let dir = try scratch([:])
        for command in ["log", "resume"] {
            let r = try ShowCallProcess.run([command, path], in: dir)
            #expect(r.status == 2, "\(command) \(path): \(r.stderr)")
            #expect(r.stderr.contains("cannot read the journal \(path): not a regular file"), "\(command) \(path): \(r.stderr)")
        }
    }
}

@Suite("journal: sequence numbers are in order, and a resume never numbers past the contract")
struct JournalSequenceTests {
    /// A run's directory and its journal's lines without the last (run_ended): a run that
    /// stopped, for resume to pick up.
    static func stoppedRun() throws -> (URL, [String]) {
        let dir = try scratch(["show.lua": JournalTests.show(wait: 0)])
        let journal = dir.appendingPathComponent("run.jsonl")
        let run = try ShowCallProcess.run(["run", "--journal", journal.path, "show.lua"], in: dir)
        try #require(run.status == 0, "\(run.stderr)")
        return (dir, Array(try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").map(String.init).dropLast()))
    }

    /// A stopped run's lines, the `seq` of line `index` set to `seq`.
    static func edited(_ lines: [String], line index: Int, seq: String) -> String {
        var out = lines
        out[index] = out[index].replacingOccurrences(of: #""seq":[0-9]+"#, with: "\"seq\":\(seq)", options: .regularExpression)
        return out.joined(separator: "\n") + "\n"
    }

    @Test("an entry numbered at or before the one above it is refused by log and resume, naming its line")
    func outOfOrder() throws {
        let (dir, lines) = try Self.stoppedRun()
        let bad = dir.appendingPathComponent("bad.jsonl")
        for seq in ["1", "2"] {
            try Self.edited(lines, line: 2, seq: seq).write(to: bad, atomically: true, encoding: .utf8)
            for command in ["log", "resume"] {
                let r = try ShowCallProcess.run([command, bad.path], in: dir)
                #expect(r.status == 2, "\(command) seq \(seq): \(r.stderr)")
                #expect(r.stderr.contains("bad.jsonl:3") && r.stderr.contains("out of order"), "\(command): \(r.stderr)")
            }
        }
    }

    @Test("a journal whose last number is the contract's last is read, and not resumed")
    func usedUp() throws {
        let (dir, lines) = try Self.stoppedRun()
        let last = dir.appendingPathComponent("last.jsonl")
        try Self.edited(lines, line: lines.count - 1, seq: "9007199254740992").write(to: last, atomically: true, encoding: .utf8)
        #expect(try ShowCallProcess.run(["log", last.path], in: dir).status == 0)
        let r = try ShowCallProcess.run(["resume", last.path], in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("used up"), "\(r.stderr)")
        // Nothing was appended past the contract.
        #expect(try String(contentsOf: last, encoding: .utf8).split(separator: "\n").count == lines.count)
    }
}

@Suite("journal: a resume counts its waits from the journal's times, so they cannot lie in the future")
struct JournalTimeTests {
    /// A stopped run's lines, the `time` of line `index` moved `ahead` seconds past now, at most
    /// to the contract's last moment (the end of 9999).
    static func timed(_ lines: [String], line index: Int, ahead: Double) -> String {
        var out = lines
        let time = String(format: "%.3f", min(Date().timeIntervalSince1970 + ahead, 253_402_300_799))
        out[index] = out[index].replacingOccurrences(of: #""time":[0-9.]+"#, with: "\"time\":\(time)", options: .regularExpression)
        return out.joined(separator: "\n") + "\n"
    }

    /// Past the hour, up to the contract's last moment.
    static let aheads: [Double] = [3_601, 86_400, 400 * 86_400, 1e12]

    @Test("an entry timed more than an hour after this machine's clock is refused by resume, naming its line; log still reads it",
          arguments: aheads)
    func farAhead(ahead: Double) throws {
        let (dir, lines) = try JournalSequenceTests.stoppedRun()
        let bad = dir.appendingPathComponent("ahead.jsonl")
        try Self.timed(lines, line: 3, ahead: ahead).write(to: bad, atomically: true, encoding: .utf8)
        #expect(try ShowCallProcess.run(["log", bad.path], in: dir).status == 0)
        let r = try ShowCallProcess.run(["resume", bad.path], in: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("ahead.jsonl:4") && r.stderr.contains("after this machine's clock"), "\(r.stderr)")
        #expect(!r.stdout.contains("done") && !r.stderr.contains("wait_any"), "\(r.stdout) \(r.stderr)")
        // Nothing was appended.
        #expect(try String(contentsOf: bad, encoding: .utf8).split(separator: "\n").count == lines.count)
    }

    @Test("an entry some seconds ahead (the other host's clock) is said, and the run resumed")
    func slightlyAhead() throws {
        let (dir, lines) = try JournalSequenceTests.stoppedRun()
        let journal = dir.appendingPathComponent("skew.jsonl")
        try Self.timed(lines, line: 3, ahead: 30).write(to: journal, atomically: true, encoding: .utf8)
        let r = try ShowCallProcess.run(["resume", journal.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("skew.jsonl:4: the journal runs") && r.stderr.contains("ahead of this machine's clock"), "\(r.stderr)")
        #expect(r.stdout.hasSuffix("done\n"), "\(r.stdout)")
    }
}

@Suite("journal: a run whose journal fails mid-show")
struct JournalFailureTests {
    @Test("the show goes on to its end, says so at once and at the end, and exits 3")
    func fullMidRun() throws {
        let dir = try scratch(["show.lua": """
            local show = require "showcall.show"
            local s = show.new("long")
            for i = 1, 60 do s:step("step " .. i, { run = function() end }) end
            s:run()
            print("show ended")
            """])
        // A file-size limit stands in for a full disk: past 4 KiB a write fails (EFBIG, with
        // SIGXFSZ ignored as the shell hands it on); the terminal's pipes have no such limit.
        let r = try ShowCallProcess.run(["run", "--journal", "j.jsonl", "show.lua"], in: dir,
                                        through: ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\""])
        #expect(r.stdout.contains("show ended"), "\(r.stdout)")
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("cannot write the journal") && r.stderr.contains("is incomplete"), "\(r.stderr)")
    }
}
