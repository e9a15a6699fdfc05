import Foundation
import LuaHost
import Platforms
import Testing

/// A verb's `timeout` bounds the whole verb: the status read that settles an unanswered change
/// included, and the error names the verb the script called.
@Suite struct CallTimeoutTests {
    static let manual = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

    @Test("record:start{timeout = 5} that gets 503s, its status reads too, fails within about 5 s naming record.start")
    func timeoutBoundsTheSettlingRead() async throws {
        let rig = try await PlatformRig()
        let event = "local ev = require(\"showcall.vbrick\").event(\"\(Self.manual)\")\n"
        _ = try await rig.run(event + "ev:start(); ev.broadcast:start()")
        let events = "vbrick/api/v2/scheduled-events/*"
        _ = try await rig.admin("PUT", "faults", body: "\(events)/record:error=1:503;\(events)/status:error=1:503")
        let started = ContinuousClock.now
        let results = try await rig.run(event + """
            local ok, err = pcall(function() return ev.record:start{timeout = 5} end)
            return ok, err.operation, err.message
            """)
        let took = ContinuousClock.now - started
        #expect(results.first == false)
        #expect(results.count == 3 && results[1] == .string(LuaString("event \(Self.manual) record.start")), "\(results)")
        #expect(results.count == 3 && results[2].text.contains("whether it took effect is unknown"), "\(results)")
        // 5 s, room enough for the sign-in on a machine running the whole suite at once (with
        // 2 s, the token alone took longer), and the slack of such a machine; the defect this
        // guards against waited about 18 s, the status read's own 30 s.
        #expect(took < .seconds(12), "took \(took)")
        await rig.stop()
    }
}
