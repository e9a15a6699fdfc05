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
}
