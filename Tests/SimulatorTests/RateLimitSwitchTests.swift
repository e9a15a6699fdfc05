import Foundation
import Testing
@testable import Simulator

/// `SimulatorConfiguration.rateLimits`: off for load benchmarks, which measure the client.
@Suite struct RateLimitSwitchTests {
    @Test("40 Zoom livestream GETs in one second: 30 pass then 429 with limits on; all 200 with them off, also after a reset",
          arguments: [true, false])
    func zoomLightRequests(rateLimits: Bool) async throws {
        // The manual clock stands still, so every request falls in the same one-second window.
        let clock = ManualClock()
        let sim = try await PlatformSimulator.start(.init(clock: clock, rateLimits: rateLimits))
        let h = Harness(sim: sim, clock: clock)

        func statuses() async throws -> [Int] {
            let basic = "Basic " + Data("sim-zoom-client:sim-zoom-client-secret".utf8).base64EncodedString()
            let token = try await h.send("POST", "/zoom/oauth/token",
                                         headers: [("Authorization", basic), ("Content-Type", "application/x-www-form-urlencoded")],
                                         body: "grant_type=account_credentials&account_id=sim-zoom-account")
            let auth = [("Authorization", "Bearer " + (token.json["access_token"]?.stringValue ?? ""))]
            var result: [Int] = []
            for _ in 0..<40 {
                result.append(try await h.send("GET", "/zoom/v2/webinars/68423085/livestream", headers: auth).status)
            }
            return result
        }

        let expected = rateLimits ? Array(repeating: 200, count: 30) + Array(repeating: 429, count: 10)
                                  : Array(repeating: 200, count: 40)
        do {
            #expect(try await statuses() == expected)
            sim.reset()
            #expect(try await statuses() == expected)
        } catch {
            await sim.stop()
            throw error
        }
        await sim.stop()
    }
}
