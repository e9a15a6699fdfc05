import Foundation
import LuaHost
import Testing
@testable import ShowEngine

/// The journal over its store: what `Journal` appends is durable in the file store, read back
/// from a sequence number, and followed from an offset as it grows.
@Suite struct JournalStoreTests {
    static let header = JournalEntry.runStarted(version: "test", pid: 1, script: "/show.lua", sha256: nil, profile: nil,
                                                args: [], safety: .table(LuaTable()))

    static func show(_ fields: LuaTable) throws -> JournalEntry { try JournalEntry(fields, show: "A") }

    @Test func appendsReadFromASequenceNumberAndFollow() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("showcall-store-\(UUID().uuidString)/run.jsonl").path
        let store = JournalFileStore(path: path)
        let journal = Journal(store: store, header: { Self.header })
        await journal.write(try Self.show(LuaTable(["type": "show_started", "text": "started"])))
        #expect(FileManager.default.fileExists(atPath: path))
        let (first, offset) = try store.read(after: 0)
        #expect(String(decoding: first, as: UTF8.self).split(separator: "\n").count == 2)

        await journal.write(try Self.show(LuaTable(["type": "step_next", "step": "one", "index": 1])))
        await journal.write(try Self.show(LuaTable(["type": "show_done", "text": "done"])))
        let later = try store.entries(from: 3)
        #expect(later.map(\.kind) == [.stepNext, .showDone])
        // Following: only what came after the last read.
        let (new, _) = try store.read(after: offset)
        #expect(String(decoding: new, as: UTF8.self).split(separator: "\n").count == 2)
    }

    /// On the loop's thread in a turn, entries wait for the loop to catch up and go in one write
    /// (a GO's command, its event, the step's start); an entry something waits for (a call's
    /// intent) takes them with it to disk at once, while the turn goes on. Held until the turn's
    /// end, the intent here would never land: the turn waits for it.
    @Test("in a turn, an entry waited for goes to disk at once with those held before it; the rest when the loop catches up")
    func waitedForEntriesGoAtOnce() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("showcall-store-\(UUID().uuidString)/run.jsonl").path
        let store = JournalFileStore(path: path)
        let journal = Journal(store: store, header: { Self.header })
        let loop = try LuaState(output: { _ in }).loop
        journal.hold { loop.isTurning }
        loop.whenCaughtUp { journal.release() }
        try loop.turn {
            journal.append(try Self.show(LuaTable(["type": "step_next", "step": "one", "index": 1])))
            let landed = DispatchSemaphore(value: 0)
            journal.append(try Self.show(LuaTable(["type": "step_next", "step": "two", "index": 2]))) { landed.signal() }
            #expect(landed.wait(timeout: .now() + 10) == .success)
            #expect(try store.entries(from: 1).map(\.kind) == [.runStarted, .stepNext, .stepNext])
            journal.append(try Self.show(LuaTable(["type": "show_done", "text": "done"])))
        }
        journal.flush()
        #expect(try store.entries(from: 1).map(\.kind) == [.runStarted, .stepNext, .stepNext, .showDone])
    }
}
