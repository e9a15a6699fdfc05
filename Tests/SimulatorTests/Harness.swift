import AsyncHTTPClient
import Foundation
import Testing
@testable import Simulator

/// One answer, read in full.
struct Reply {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: JSON { JSON.parse(body) ?? .null }
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// A simulator on an ephemeral port with a manual clock, and a client for it over loopback.
struct Harness {
    let sim: PlatformSimulator
    let clock: ManualClock

    static func with<R>(seed: SimulatorSeed = .standard, faults: String = "",
                        _ body: (Harness) async throws -> R) async throws -> R {
        let clock = ManualClock()
        let sim = try await PlatformSimulator.start(.init(seed: seed, faults: try FaultSpec(parsing: faults), clock: clock))
        do {
            let result = try await body(Harness(sim: sim, clock: clock))
            await sim.stop()
            return result
        } catch {
            await sim.stop()
            throw error
        }
    }

    @discardableResult
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil,
              bytes: [UInt8]? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: sim.baseURL + path)
        request.method = .init(rawValue: method)
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let bytes { request.body = .bytes(bytes) } else if let body { request.body = .bytes(Array(body.utf8)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let buffer = try await response.body.collect(upTo: 1 << 24)
        return Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                     body: Array(buffer.readableBytesView))
    }

    func json(_ method: String, _ path: String, _ body: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(method, path, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    func form(_ path: String, _ fields: [(String, String)]) async throws -> Reply {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return try await send("POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
    }

    var creds: SimulatorCredentials { sim.credentials }
}
