@testable import ControlAPI
import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import Testing
@testable import ShowEngine

/// The control API against what a web page or a bad client can send: other origins, other Host
/// names, broken and unfinished requests, clients that hang up. Over real loopback HTTP; where an
/// HTTP client would not send the bytes, over a raw socket.
@Suite struct ControlAPIHardeningTests {
    let rig = ControlAPITests()

    @Test("a command from another web page is refused and the show does not move; the page's own origin is obeyed")
    func crossSiteCommands() async throws {
        let log = try await rig.withShow(ControlAPITests.cuedShow) { port async throws in
            let base = "http://127.0.0.1:\(port)"
            try await Self.waitUntilCued(port)
            let refused: [(path: String, headers: [(String, String)], body: String?, status: Int, code: String)] = [
                ("/go", [("Origin", "http://evil.example")], nil, 403, "forbidden_origin"),
                ("/go", [("Origin", "http://127.0.0.1:\(port == 1 ? 2 : port - 1)")], nil, 403, "forbidden_origin"),
                ("/go", [("Origin", "https://127.0.0.1:\(port)")], nil, 403, "forbidden_origin"),
                ("/abort", [("Origin", "null"), ("Content-Type", "text/plain")], "x", 403, "forbidden_origin"),
                ("/go", [("Sec-Fetch-Site", "cross-site")], nil, 403, "forbidden_origin"),
                ("/go", [("Sec-Fetch-Site", "same-site")], nil, 403, "forbidden_origin"),
                // A form from a browser too old to send Origin: refused for its content type alone.
                ("/go", [("Content-Type", "application/x-www-form-urlencoded")], "a=b", 415, "unsupported_media_type"),
                ("/abort", [("Content-Type", "multipart/form-data; boundary=x")], "--x--\r\n", 415, "unsupported_media_type"),
                ("/go", [("Content-Type", "Text/Plain; charset=utf-8")], "go", 415, "unsupported_media_type"),
            ]
            for r in refused {
                let answer = try await Self.request(base + r.path, method: .POST, headers: r.headers, body: r.body)
                #expect(answer.status == r.status, "\(r.headers)")
                #expect(Self.errorCode(answer.body) == r.code, "\(r.headers): \(answer.body)")
            }
            #expect(try await ControlAPITests.get(HTTPClient.shared, base + "/state").body.contains("\"current_status\":\"cued\""))
            let own = try await Self.request(base + "/go", method: .POST,
                                             headers: [("Origin", base), ("Sec-Fetch-Site", "same-origin")], body: nil)
            #expect(own.status == 200)
        }
        #expect(log.filter { $0.hasSuffix("SHOW  GO") }.count == 1)
        #expect(!log.contains { $0.contains("ABORT") })
        #expect(log.last?.contains("show 'live' done") == true)
    }

    @Test("curl, Companion and Stream Deck style requests pass: no Origin, no body or a JSON one")
    func curlLikeCommands() async throws {
        let log = try await rig.withShow(ControlAPITests.cuedShow) { port async throws in
            let base = "http://127.0.0.1:\(port)"
            try await Self.waitUntilCued(port)
            #expect(try await Self.request(base + "/hold", method: .POST, headers: [], body: nil).status == 200)
            let json = try await Self.request(base + "/resume", method: .POST, headers: [("Content-Type", "application/json")], body: "{}")
            #expect(json.status == 200)
            #expect(json.body == "{\"ok\":true,\"command\":\"resume\"}\n")
            #expect(try await Self.raw(port, "POST /go HTTP/1.1\r\nHost: localhost:\(port)\r\nContent-Length: 0\r\n\r\n").status == 200)
        }
        #expect(log.last?.contains("show 'live' done") == true)
    }

    @Test("a Host the server is not bound to is refused on every route (DNS rebinding)")
    func foreignHost() async throws {
        let log = try await rig.withShow(ControlAPITests.cuedShow) { port async throws in
            try await Self.waitUntilCued(port)
            for path in ["/state", "/", "/events", "/panel.js", "/nope"] {
                for host in ["evil.example:\(port)", "evil.example", "127.0.0.1:\(port == 1 ? 2 : port - 1)", "localhost.evil.example:\(port)"] {
                    let answer = try await Self.raw(port, "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
                    #expect(answer.status == 421, "\(host) \(path)")
                    #expect(Self.errorCode(answer.body) == "misdirected_host")
                    #expect(!answer.body.contains("\"steps\""))
                }
            }
            let twoHosts = try await Self.raw(port, "GET /state HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
            #expect(twoHosts.status == 421)
            let noHost = try await Self.raw(port, "GET /state HTTP/1.0\r\n\r\n")
            #expect(noHost.status == 421)
            let go = try await Self.raw(port, "POST /go HTTP/1.1\r\nHost: evil.example:\(port)\r\nConnection: close\r\n\r\n")
            #expect(go.status == 421)
            for host in ["localhost:\(port)", "LOCALHOST:\(port)", "127.0.0.1:\(port)", "[::1]:\(port)"] {
                let answer = try await Self.raw(port, "GET /state HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
                #expect(answer.status == 200, "\(host)")
                #expect(answer.body.contains("\"current_status\":\"cued\""))
            }
            #expect(try await Self.raw(port, "POST /go HTTP/1.1\r\nHost: localhost:\(port)\r\nConnection: close\r\n\r\n").status == 200)
        }
        #expect(log.filter { $0.hasSuffix("SHOW  GO") }.count == 1)
    }

    @Test("a malformed or oversized body answers 400 or 413 and runs nothing")
    func brokenBodies() async throws {
        let log = try await rig.withShow(ControlAPITests.cuedShow) { port async throws in
            let base = "http://127.0.0.1:\(port)"
            try await Self.waitUntilCued(port)
            let head = "POST /hold HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
            let badChunk = try await Self.raw(port, head + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
            #expect(badChunk.status == 400)
            #expect(Self.errorCode(badChunk.body) == "bad_request")
            // A chunk cut short by the client hanging up its sending side.
            let cut = try await Self.raw(port, head + "Transfer-Encoding: chunked\r\n\r\n5\r\nab", shutDownSending: true)
            #expect(cut.status == 400)
            let big = try await Self.request(base + "/hold", method: .POST, headers: [("Content-Type", "application/json")],
                                             body: "\"" + String(repeating: "a", count: 20_000) + "\"")
            #expect(big.status == 413)
            #expect(Self.errorCode(big.body) == "payload_too_large")
            let state = try await ControlAPITests.get(HTTPClient.shared, base + "/state").body
            #expect(state.contains("\"held\":false"))
            #expect(try await ControlAPITests.post(HTTPClient.shared, base + "/go") == 200)
        }
        #expect(!log.contains { $0.hasSuffix("SHOW  HOLD") })
        #expect(log.last?.contains("show 'live' done") == true)
    }

    @Test("a request left half-sent is closed after the idle timeout, and runs nothing")
    func halfSentRequests() async throws {
        let settings = try ControlServer.Settings(port: 0, idleTimeout: .milliseconds(300))
        let log = try await rig.withServer(ControlAPITests.cuedShow, settings: settings) { server async throws in
            let port = server.port
            try await Self.waitUntilCued(port)
            for partial in ["GET /state HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n",
                            "POST /hold HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: 10\r\n\r\n{\"a\"",
                            ""] {
                let start = ContinuousClock.now
                let answer = try await Self.blocking {
                    let connection = try RawConnection(port: port)
                    defer { connection.close() }
                    try connection.send(partial)
                    return connection.readUntilClosed(limit: 10)
                }
                // Closed by the 300 ms idle timeout; the bound is the slack of a machine
                // running the whole suite at once (4 s was too tight there).
                #expect(answer.closed, "\(partial) was not closed")
                #expect(ContinuousClock.now - start < .seconds(8))
            }
            let state = try await Self.raw(port, "GET /state HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            #expect(state.body.contains("\"held\":false"))
            #expect(try await Self.raw(port, "POST /go HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n").status == 200)
        }
        #expect(!log.contains { $0.hasSuffix("SHOW  HOLD") })
    }

    @Test("an event stream outlives the idle timeout: it sends keep-alive comments")
    func eventStreamHeartbeat() async throws {
        let settings = try ControlServer.Settings(port: 0, idleTimeout: .milliseconds(300), heartbeat: .milliseconds(100))
        _ = try await rig.withServer(ControlAPITests.cuedShow, settings: settings) { server async throws in
            let port = server.port
            try await Self.waitUntilCued(port)
            let text = try await Self.blocking {
                let connection = try RawConnection(port: port)
                defer { connection.close() }
                try connection.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
                // Six beats take at least 600 ms, twice the idle timeout.
                return connection.read { $0.components(separatedBy: ": keep-alive\n\n").count > 6 }
            }
            #expect(text.components(separatedBy: ": keep-alive\n\n").count > 6, "\(text)")
            #expect(text.contains("event: state\ndata: ["))
            #expect(try await Self.raw(port, "POST /go HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n").status == 200)
        }
    }

    @Test("an event stream whose client hangs up is released at once, with no show event to send")
    func closedEventStream() async throws {
        // Neither a heartbeat nor a tick for a minute: only the hang-up itself can release it.
        let quiet = try ControlServer.Settings(port: 0, heartbeat: .seconds(60), tick: .seconds(60))
        _ = try await rig.withServer(ControlAPITests.cuedShow, settings: quiet) { server async throws in
            let port = server.port
            try await Self.waitUntilCued(port)
            let connection = try RawConnection(port: port)
            let first = try await Self.blocking {
                try connection.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
                return connection.read { $0.contains("event: state\ndata: [") && $0.contains("]\n\n") }
            }
            #expect(first.hasPrefix("HTTP/1.1 200"))
            #expect(server.openStreams == 1)
            connection.close()
            // The show waits on its cue (no events), and nothing else is sent for a minute; the
            // bound is the slack of a machine running the whole suite at once (5 s was missed).
            let deadline = ContinuousClock.now + .seconds(20)
            while server.openStreams > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(server.openStreams == 0)
            #expect(try await ControlAPITests.post(HTTPClient.shared, "http://127.0.0.1:\(port)/go") == 200)
        }
    }

    @Test("every refusal has one shape: {\"error\": {\"code\", \"message\"}}, never echoing the token")
    func refusalShape() async throws {
        _ = try await rig.withShow(ControlAPITests.cuedShow, token: "s3cret", viewToken: "v1ew") { port async throws in
            let base = "http://127.0.0.1:\(port)"
            let cases: [(method: HTTPMethod, path: String, headers: [(String, String)], status: Int, code: String)] = [
                (.GET, "/state", [], 401, "unauthorized"),
                (.POST, "/go", [("Authorization", "Bearer wrong-s3cret")], 401, "unauthorized"),
                (.POST, "/go?view=v1ew", [], 401, "unauthorized"),
                (.GET, "/nope?token=s3cret", [], 404, "not_found"),
                (.POST, "/jump/nope?token=s3cret", [], 400, "unknown_step"),
                (.POST, "/go?show=&token=s3cret", [], 400, "bad_request"),
                (.POST, "/go?show=other&token=s3cret", [], 409, "no_show"),
                (.POST, "/go?token=s3cret", [("Origin", "http://evil.example")], 403, "forbidden_origin"),
            ]
            for c in cases {
                let answer = try await Self.request(base + c.path, method: c.method, headers: c.headers, body: nil)
                #expect(answer.status == c.status, "\(c.path)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any], "\(answer.body)")
                let error = try #require(object["error"] as? [String: Any])
                #expect(error["code"] as? String == c.code, "\(c.path)")
                #expect((error["message"] as? String)?.isEmpty == false)
                #expect(object.count == 1 && error.count == 2)
                #expect(!answer.body.contains("s3cret"))
            }
            #expect(try await ControlAPITests.post(HTTPClient.shared, base + "/abort?token=s3cret") == 200)
        }
    }

    /// Names as a request can spell them that are no name: bad or cut percent-encoding, bytes
    /// that are not UTF-8 (a lone continuation, a cut sequence, an overlong slash), control
    /// characters, nothing at all.
    static let badNames = ["%ZZ", "%", "%F", "a%G1", "%FF", "%C3", "%80", "%C0%AF", "%ED%A0%80", "%00", "a%0Ab", "%1B[2J", "%7F", "%C2%85"]

    @Test("a show or step name is read strictly: a bad one answers 400 and moves nothing; a step written in another Unicode form is the show's own")
    func requestNames() async throws {
        let script = ControlAPITests.cuedShow.replacingOccurrences(of: "\"on air\"", with: "\"\u{00dc}bertragung\"")
        let log = try await rig.withShow(script) { port async throws in
            try await Self.waitUntilCued(port)
            for name in Self.badNames {
                for target in ["/go?show=\(name)", "/jump/\(name)"] {
                    let answer = try await Self.raw(port, "POST \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    #expect(answer.status == 400 && Self.errorCode(answer.body) == "bad_request", "\(target): \(answer.status) \(answer.body)")
                }
            }
            // Nothing moved: the show still waits on its cue.
            let state = try await Self.raw(port, "GET /state HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            #expect(state.body.contains("\"current_status\":\"cued\""), "\(state.body)")
            // Ü as U + U+0308 (NFD), as a Mac's file name might hand it over: the show's step.
            let jump = try await Self.request("http://127.0.0.1:\(port)/jump/U%CC%88bertragung", method: .POST, headers: [], body: nil)
            #expect(jump.status == 200 && jump.body.contains("\"ok\":true"), "\(jump.body)")
        }
        #expect(log.contains { $0.contains("JUMP") && $0.contains("\u{00dc}bertragung") }, "\(log)")
    }

    @Test("the view token reads as a Bearer token too, and still cannot command")
    func viewTokenAsBearer() async throws {
        _ = try await rig.withShow(ControlAPITests.cuedShow, token: "s3cret", viewToken: "v1ew") { port async throws in
            let base = "http://127.0.0.1:\(port)"
            #expect(try await Self.request(base + "/state", method: .GET, headers: [("Authorization", "Bearer v1ew")], body: nil).status == 200)
            #expect(try await Self.request(base + "/state?token=v1ew", method: .GET, headers: [], body: nil).status == 200)
            #expect(try await Self.request(base + "/state", method: .GET, headers: [("Authorization", "Bearer v1ewx")], body: nil).status == 401)
            #expect(try await Self.request(base + "/go", method: .POST, headers: [("Authorization", "Bearer v1ew")], body: nil).status == 401)
            #expect(try await Self.request(base + "/abort?token=s3cret", method: .POST, headers: [], body: nil).status == 200)
        }
    }

    @Test func servedHostNames() {
        let loopback = ServedHosts(bind: "127.0.0.1", port: 8787, extra: [])
        #expect(loopback.serves("localhost:8787") && loopback.serves("127.0.0.1:8787") && loopback.serves("[::1]:8787"))
        #expect(!loopback.serves("localhost") && !loopback.serves("localhost:8788") && !loopback.serves("10.0.0.2:8787"))
        #expect(!loopback.serves("evil.example:8787") && !loopback.serves("user@localhost:8787") && !loopback.serves(":8787"))
        #expect(ServedHosts(bind: "127.0.0.1", port: 80, extra: []).serves("localhost"))
        let lan = ServedHosts(bind: "192.168.1.10", port: 8787, extra: [])
        #expect(lan.serves("192.168.1.10:8787") && !lan.serves("192.168.1.11:8787"))
        let everywhere = ServedHosts(bind: "0.0.0.0", port: 8787, extra: ["ShowPC.local"])
        #expect(everywhere.serves("10.1.2.3:8787") && everywhere.serves("[fe80::1]:8787") && everywhere.serves("showpc.local:8787"))
        #expect(!everywhere.serves("evil.example:8787") && !everywhere.serves("10.1.2:8787") && !everywhere.serves("[nope]:8787"))
        #expect(ServedHosts(bind: "::1", port: 8787, extra: []).serves("[::1]:8787"))
    }

    // MARK: - Helpers

    /// Waits until the show waits on its cue. On new connections: a pooled one may be closed
    /// by a short idle timeout as it is reused.
    static func waitUntilCued(_ port: Int) async throws {
        while try await raw(port, "GET /state HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            .body.contains("\"current_status\":\"cued\"") == false {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static func request(_ url: String, method: HTTPMethod, headers: [(String, String)], body: String?) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    /// The `error.code` of a refusal.
    static func errorCode(_ body: String) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (object?["error"] as? [String: Any])?["code"] as? String
    }

    /// Sends `text` as it is on a new connection and reads the answer until the server closes.
    static func raw(_ port: Int, _ text: String, shutDownSending: Bool = false) async throws -> (status: Int, body: String) {
        let answer = try await blocking {
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            try connection.send(text)
            if shutDownSending { connection.shutDownSending() }
            return connection.read { $0.contains("\r\n\r\n") && Self.complete($0) }
        }
        let status = answer.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        let body = answer.range(of: "\r\n\r\n").map { String(answer[$0.upperBound...]) } ?? ""
        return (status, body)
    }

    /// Whether a response with a Content-Length has all of its body.
    private static func complete(_ text: String) -> Bool {
        guard let split = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<split.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) else { return false }
        return text[split.upperBound...].utf8.count >= length
    }

    /// Runs blocking socket work on a thread of its own, off the test's cooperative threads.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// A loopback TCP connection driven by hand, for what an HTTP client will not send: a broken
/// chunk, unfinished headers, a hang-up in the middle of a stream. Reads give up after a limit
/// so that a server that never answers fails the test instead of hanging it.
final class RawConnection: @unchecked Sendable {
    private let fd: Int32
    private var closed = false

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else {
            close()
            throw POSIXError(.ECONNREFUSED)
        }
    }

    func send(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw POSIXError(.EPIPE) }
            bytes = bytes.dropFirst(sent)
        }
    }

    func shutDownSending() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads until `done` holds for what came, the server closes, or `limit` seconds pass.
    func read(limit: Double = 10, until done: (String) -> Bool) -> String {
        receive(limit: limit, done).text
    }

    /// Reads until the server closes the connection (`closed`) or `limit` seconds pass.
    func readUntilClosed(limit: Double) -> (text: String, closed: Bool) {
        receive(limit: limit) { _ in false }
    }

    private func receive(limit: Double, _ done: (String) -> Bool) -> (text: String, closed: Bool) {
        let deadline = Date().addingTimeInterval(limit)
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return (String(decoding: data, as: UTF8.self), false) }
            var timeout = timeval(tv_sec: Int(left), tv_usec: Int((left - left.rounded(.down)) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 || (count < 0 && errno == ECONNRESET) { return (String(decoding: data, as: UTF8.self), true) }
            if count < 0 {
                if errno == EINTR { continue }
                return (String(decoding: data, as: UTF8.self), false)
            }
            data += buffer[..<count]
            if done(String(decoding: data, as: UTF8.self)) { return (String(decoding: data, as: UTF8.self), false) }
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    deinit { close() }
}
