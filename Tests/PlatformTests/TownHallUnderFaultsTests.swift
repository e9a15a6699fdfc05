import Foundation
import LuaHost
import Platforms
import ShowEngine
import Testing

/// The example town hall, rehearsed against a simulator that fails a fifth of all requests,
/// throttles some, drops some connections and adds latency: it must end with every platform
/// off and no state-changing call taking effect twice.
@Suite struct TownHallUnderFaultsTests {
    static let faults = "*:error=0.2:503,reset=0.05,latency=5ms~5ms;zoom:429=0.1,retry-after=1;webex:429=0.1,retry-after=1;huawei:429=0.05,retry-after=1"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/shows/town-hall.lua").path

    static let tokenPaths: Set<String> = ["/vbrick/api/v2/authenticate", "/convey/api/authenticate", "/zoom/oauth/token",
                                          "/huawei/v1/mmc/control/conferences/token"]

    @Test func theTownHallCompletesWithEveryPlatformOffAndNoCallDuplicated() async throws {
        let rig = try await PlatformRig(faults: Self.faults)
        let lines = LinesBox()
        let failure: String? = try await PlatformRig.onThread { [profile = rig.profile] in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "America/New_York")!
            let start = calendar.date(bySettingHour: 11, minute: 30, second: 0, of: Date())!.timeIntervalSince1970
            let engine = try PlatformRig.engine(PlatformDirectory(profile: profile), clock: VirtualClock(startingAt: start),
                                                mode: .rehearse, output: { lines.append($0) })
            let main = try engine.runMain(try engine.state.load(file: Self.script))
            return main.failure.map { String(describing: $0) }
        }
        #expect(failure == nil, "\(lines.text)")
        let log = try await rig.requests()
        #expect(log.contains { $0.status == 503 }, "the faults did not fire")

        // Every state change that took effect did so once.
        let changes = log.filter { $0.method != "GET" && !Self.tokenPaths.contains($0.path) && $0.platform != "convey" && $0.ok }
        let counted = Dictionary(grouping: changes, by: { "\($0.method) \($0.path) \($0.query) \($0.body)" })
        for (call, times) in counted { #expect(times.count == 1, "\(call) took effect \(times.count) times") }
        #expect(!changes.isEmpty)

        let state = try await rig.state()
        guard let events = state["vbrick"]?["events"]?.list, let webinars = state["zoom"]?["webinars"]?.list,
              let meetings = state["webex"]?["meetings"]?.list, let conferences = state["huawei"]?["conferences"]?.list
        else { Issue.record("unexpected state \(state)"); return }
        #expect(events.first?["status"] == "Completed")
        #expect(webinars.allSatisfy { $0["live"] == false })
        #expect(meetings.allSatisfy { $0["recordingStarted"] == false })
        #expect(conferences.allSatisfy { $0["isLive"] == 0 })
        #expect(try await rig.admin("GET", "check")["violations"]?.list == [])
        await rig.stop()
    }
}

/// Output lines gathered from the Lua thread.
final class LinesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
