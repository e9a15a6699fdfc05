import Foundation
import LuaHost
import Testing
@testable import ShowEngine

/// The journal over its store: what `Journal` appends is durable in the file store, read back
/// from a sequence number, and followed from an offset as it grows.
@Suite struct JournalStoreTests {
    @Test func appendsReadFromASequenceNumberAndFollow() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("showcall-store-\(UUID().uuidString)/run.jsonl").path
        let store = JournalFileStore(path: path)
        let journal = Journal(store: store, header: { LuaTable(["type": "run_started"]) })
        await journal.write(LuaTable(["type": "show_started", "show": "A"]))
        #expect(FileManager.default.fileExists(atPath: path))
        let (first, offset) = try store.read(after: 0)
        #expect(String(decoding: first, as: UTF8.self).split(separator: "\n").count == 2)

        await journal.write(LuaTable(["type": "step_next", "show": "A", "step": "one"]))
        await journal.write(LuaTable(["type": "show_done", "show": "A"]))
        let later = try store.entries(from: 3)
        #expect(later.map { $0.string("type") } == ["step_next", "show_done"])
        // Following: only what came after the last read.
        let (new, _) = try store.read(after: offset)
        #expect(String(decoding: new, as: UTF8.self).split(separator: "\n").count == 2)
    }
}
