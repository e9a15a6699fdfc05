import LuaHost
import Platforms
import Testing

/// Tokens expire on the platform's clock, not ours: the client learns it from the refusal,
/// renews once however many calls were refused, and the script never notices.
@Suite struct TokenTests {
    static let event = "6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c"

    /// Authentications seen in the log, per platform.
    static func authentications(_ log: [LoggedRequest]) -> [String: Int] {
        let auth: Set<String> = ["/vbrick/api/v2/authenticate", "/convey/api/authenticate", "/zoom/oauth/token",
                                 "/huawei/v1/mmc/control/conferences/token"]
        return Dictionary(grouping: log.filter { auth.contains($0.path) }, by: \.platform).mapValues(\.count)
    }

    static let touchEveryPlatform = """
        local vbrick, convey, zoom, huawei = require "showcall.vbrick", require "showcall.convey", require "showcall.zoom", require "showcall.huawei"
        return vbrick.event("\(event)"):status().status, convey.event(1000001):status().event_title,
          zoom.webinar(68423085):status().topic, huawei.conference("914044873"):status().confInfo.isLive
        """

    @Test func aTokenThatExpiresMidShowIsRenewedWithoutTheScriptNoticing() async throws {
        let rig = try await PlatformRig()
        let directory = PlatformDirectory(profile: rig.profile)
        let before = try await rig.run(Self.touchEveryPlatform, directory: directory)
        // Three hours pass on the platforms' clock: every token issued so far has expired.
        _ = try await rig.admin("POST", "clock/advance?seconds=10800")
        let after = try await rig.run(Self.touchEveryPlatform, directory: directory)
        #expect(before == after)
        #expect(before == ["Scheduled", "Town Hall", "Town Hall", 0])
        let log = try await rig.requests()
        #expect(Self.authentications(log) == ["vbrick": 2, "convey": 2, "zoom": 2, "huawei": 2])
        // Each refused call went out exactly twice: refused, then with the new token.
        #expect(log.filter { $0.status == 401 || $0.body.contains("\"returnCode\":12") }.count <= 4)
        await rig.stop()
    }

    @Test func ahundredConcurrentCallsWithAnExpiredTokenAuthenticateOnce() async throws {
        let rig = try await PlatformRig()
        let directory = PlatformDirectory(profile: rig.profile)
        _ = try await rig.run(Self.touchEveryPlatform, directory: directory)
        _ = try await rig.admin("PUT", "faults", body: "*:revoke-tokens")
        _ = try await rig.admin("DELETE", "faults")
        let results = try await rig.run("""
            local sc = require "showcall"
            local vbrick, convey = require "showcall.vbrick", require "showcall.convey"
            local ev, e = vbrick.event("\(Self.event)"), convey.event(1000001)
            local calls = {}
            for i = 1, 100 do
              calls[i] = function() return ev:status().status end
              calls[100 + i] = function() return e:status().event_title end
            end
            local results = sc.parallel(calls)
            return #results, results[1], results[200]
            """, directory: directory)
        #expect(results == [200, "Scheduled", "Town Hall"])
        #expect(Self.authentications(try await rig.requests()).filter { ["vbrick", "convey"].contains($0.key) } == ["vbrick": 2, "convey": 2])
        await rig.stop()
    }
}
