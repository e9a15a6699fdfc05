import AsyncHTTPClient
import Foundation
import LuaHost
import Platforms
import ShowEngine
import Simulator
import Testing
@testable import ShowCallCommands

/// A simulator on an ephemeral port and shows run against it through the Lua bindings, as a
/// script would; the simulator's request log and state are read over its admin API.
final class PlatformRig: Sendable {
    let sim: PlatformSimulator
    let profile: Profile

    init(faults: String = "", seed: SimulatorSeed = .standard) async throws {
        sim = try await PlatformSimulator.start(SimulatorConfiguration(seed: seed, faults: try FaultSpec(parsing: faults)))
        profile = EmbeddedSimulator.simulatedProfile(sim, description: "the test simulator")
    }

    func stop() async { await sim.stop() }

    static let stdlib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("stdlib").path

    /// Runs `code` as a show's main task on a thread of its own: the Lua thread blocks while it
    /// waits, and must not hold one of the cooperative pool's threads, which the calls need.
    func run(_ code: String, directory: PlatformDirectory? = nil) async throws -> [LuaValue] {
        let directory = directory ?? PlatformDirectory(profile: profile)
        return try await Self.onThread { try Self.engine(directory).run(code, name: "=show") }
    }

    /// An engine whose scripts find `stdlib/` and reach the platforms through `directory`.
    static func engine(_ directory: PlatformDirectory, clock: any ShowClock = RealClock(), mode: Engine.Mode = .run,
                       output: @escaping (String) -> Void = { _ in }) throws -> Engine {
        let state = try LuaState()
        state.prependModulePaths([stdlib])
        var backends: [any ShowBackend] = [PlatformBackend(directory: directory)]
        if mode != .run { backends.append(StubBackend()) }
        return try Engine(state: state, clock: clock, mode: mode, backends: backends, output: output)
    }

    /// The message of the error `code` raises.
    func failure(_ code: String, directory: PlatformDirectory? = nil) async throws -> String {
        do {
            _ = try await run(code, directory: directory)
        } catch let error as LuaError {
            return error.message
        }
        Issue.record("expected \(code) to fail")
        return ""
    }

    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    // MARK: the admin API

    func admin(_ method: String, _ path: String, body: String? = nil) async throws -> LuaValue {
        var request = WireRequest(method, "/_sim/" + path)
        if let body { request.body = Array(body.utf8) }
        let r = try await PlatformHTTP.shared.send(request, base: sim.baseURL, deadline: .now + .seconds(10))
        return r.json ?? .null
    }

    /// The platform requests received, in order, optionally of one platform.
    func requests(_ platform: String? = nil) async throws -> [LoggedRequest] {
        guard let entries = try await admin("GET", "log")["entries"]?.list else { return [] }
        return entries.map(LoggedRequest.init).filter { platform == nil || $0.platform == platform }
    }

    func clearLog() async throws { _ = try await admin("DELETE", "log") }

    func state() async throws -> LuaValue { try await admin("GET", "state")["resources"] ?? .null }
}

/// One entry of the simulator's request log (secrets shown as `[redacted]`).
struct LoggedRequest: CustomStringConvertible {
    var platform: String
    var method: String
    var path: String
    var query: [String: String]
    var headers: [(String, String)]
    var body: String
    var status: Int

    init(_ j: LuaValue) {
        platform = j.field("platform").text
        method = j.field("method").text
        path = j.field("path").text
        query = (j["query"]?.record ?? [:]).mapValues(\.text)
        headers = (j["headers"]?.list ?? []).map { ($0.field("name").text, $0.field("value").text) }
        body = j.field("body").text
        status = Int(j["status"]?.integerValue ?? 0)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    var contentType: String? { header("Content-Type") }
    var json: LuaValue? { try? LuaJSON.decode(body.utf8) }
    var ok: Bool { (200 ..< 300).contains(status) }
    var line: String { "\(method) \(path)" }
    var description: String { "\(method) \(path) \(query) \(body) -> \(status)" }
}

/// What a call should look like on the wire: method, path, query, and a JSON or form body.
struct Expected {
    var method: String
    var path: String
    var query: [String: String] = [:]
    var json: LuaValue? = nil
    var form: [String: String]? = nil

    /// Checks `actual` against this, field by field, so a failure says which field differs.
    func check(_ actual: LoggedRequest, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.method == method, "\(actual)", sourceLocation: sourceLocation)
        #expect(actual.path == path, "\(actual)", sourceLocation: sourceLocation)
        #expect(actual.query == query, "\(actual)", sourceLocation: sourceLocation)
        if let json {
            #expect(actual.contentType == "application/json", "\(actual)", sourceLocation: sourceLocation)
            #expect(actual.json == json, "\(actual)", sourceLocation: sourceLocation)
        } else if let form {
            #expect(actual.contentType == "application/x-www-form-urlencoded", "\(actual)", sourceLocation: sourceLocation)
            #expect(Self.decodeForm(actual.body) == form, "\(actual)", sourceLocation: sourceLocation)
        } else {
            #expect(actual.body.isEmpty, "\(actual)", sourceLocation: sourceLocation)
            #expect(actual.contentType == nil, "\(actual)", sourceLocation: sourceLocation)
        }
    }

    static func decodeForm(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            out[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return out
    }
}

/// Checks a log against the expected calls, in order.
func expectCalls(_ log: [LoggedRequest], _ expected: [Expected], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(log.count == expected.count, "\(log.map(\.line))", sourceLocation: sourceLocation)
    for (actual, e) in zip(log, expected) { e.check(actual, sourceLocation: sourceLocation) }
}

extension LuaValue {
    /// A string result's text ("" for anything else).
    var text: String { if case .string(let s) = self { s.description } else { "" } }
}
