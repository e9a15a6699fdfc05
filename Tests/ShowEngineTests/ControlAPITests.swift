@testable import ControlAPI
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing
@testable import ShowEngine

/// The control API over real loopback HTTP, the show on the real clock on a thread of its own.
@Suite struct ControlAPITests {
    /// Runs `script` on its own thread with a control server on a free port; `drive` gets the
    /// port while the show runs. Returns the show's results and its log lines.
    func withShow(_ script: String, token: String? = nil, viewToken: String? = nil,
                  drive: @escaping @Sendable (Int) async throws -> Void) async throws -> [String] {
        try await withServer(script, settings: .init(port: 0, token: token, viewToken: viewToken)) { try await drive($0.port) }
    }

    /// `withShow` with the server's settings given whole, and the server handed to `drive`.
    func withServer(_ script: String, settings: ControlServer.Settings,
                    drive: @escaping @Sendable (ControlServer) async throws -> Void) async throws -> [String] {
        let (servers, serverSink) = AsyncStream<ControlServer>.makeStream()
        // The server outlives the show until the test has read everything it wants.
        let driven = DispatchSemaphore(value: 0)
        let done: Task<[String], any Error> = Task.detached {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    do {
                        let rig = try Rig(realClock: true)
                        PlainLog.attach(to: rig.engine)
                        rig.engine.scheduler.operatorsListening = true
                        let server = try ControlServer.start(engine: rig.engine, settings: settings)
                        serverSink.yield(server)
                        // A show the test fails to drive ends after a minute instead of hanging.
                        let hub = rig.engine.hub
                        rig.engine.scheduler.addTimer(at: rig.engine.clock.now + 60_000_000_000) { hub.send(.abort) { _ in } }
                        try rig.run(script)
                        driven.wait()
                        server.stop()
                        continuation.resume(returning: rig.log)
                    } catch {
                        serverSink.finish()
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
        var iterator = servers.makeAsyncIterator()
        let server = try #require(await iterator.next())
        do {
            try await drive(server)
        } catch {
            driven.signal()
            throw error
        }
        driven.signal()
        return try await done.value
    }

    static let cuedShow = """
        local show = require "showcall.show"
        local s = show.new("live")
        s:step("standby", { run = function() end })
        s:step("on air", { cue = "ready", run = show.action("cam", function() return "cam 1" end) })
        return s:run()
        """

    @Test func goHoldStateAndEventStream() async throws {
        let log = try await withShow(Self.cuedShow) { port async throws in
            let client = HTTPClient.shared
            let base = "http://127.0.0.1:\(port)"
            let (opened, openedSink) = AsyncStream<Void>.makeStream()
            let events = Task {
                try await Self.collectEvents(client, base + "/events", until: "show_done") { openedSink.yield() }
            }
            var first = opened.makeAsyncIterator()
            _ = await first.next()
            // Wait until the show waits on its cue.
            while try await Self.get(client, base + "/state").body.contains("\"current_status\":\"cued\"") == false {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try await Self.post(client, base + "/hold") == 200)
            let held = try await Self.get(client, base + "/state")
            #expect(held.status == 200)
            #expect(held.body.contains("\"held\":true"))
            #expect(held.body.contains("\"current\":\"on air\""))
            #expect(held.body.contains("\"next\":\"on air\""))
            let shows = try JSONSerialization.jsonObject(with: Data(held.body.utf8)) as? [[String: Any]]
            let standby = (shows?.first?["steps"] as? [[String: Any]])?.first { $0["name"] as? String == "standby" }
            #expect(standby?["started"] is Double)
            #expect(held.body.contains("\"status\":\"done\""))
            #expect(try await Self.post(client, base + "/resume") == 200)
            #expect(try await Self.post(client, base + "/go") == 200)
            let types = try await events.value
            // The stream may open before or after the show reaches its cue; from HOLD on it sees everything.
            #expect(types.first == "state")
            #expect(Array(types.drop { $0 != "hold" }.filter { $0 != "state" && $0 != "tick" })
                == ["hold", "resume", "go", "step_started", "action_done", "step_done", "show_done"])
            // Each change of the show's state follows as a `state` event.
            #expect(Array(types.drop { $0 != "hold" }.filter { $0 != "tick" }.prefix(2)) == ["hold", "state"])
        }
        #expect(log.contains { $0.hasSuffix("SHOW  cam: cam 1") })
        #expect(log.last?.contains("show 'live' done") == true)
    }

    @Test func tokenIsRequiredWhenSet() async throws {
        _ = try await withShow(Self.cuedShow, token: "s3cret") { port async throws in
            let client = HTTPClient.shared
            let base = "http://127.0.0.1:\(port)"
            #expect(try await Self.get(client, base + "/state").status == 401)
            #expect(try await Self.post(client, base + "/go") == 401)
            #expect(try await Self.post(client, base + "/abort?token=s3cret") == 200)
        }
    }

    @Test("malformed requests answer 400; the view token reads but cannot command; junk never hurts the show")
    func badInput() async throws {
        let log = try await withShow(Self.cuedShow, token: "s3cret", viewToken: "v1ew") { port async throws in
            let client = HTTPClient.shared
            let base = "http://127.0.0.1:\(port)"
            #expect(try await Self.get(client, base + "/").status == 200) // the page holds no data
            #expect(try await Self.get(client, base + "/state?view=v1ew").status == 200)
            #expect(try await Self.get(client, base + "/state?view=wrong").status == 401)
            #expect(try await Self.post(client, base + "/go?view=v1ew") == 401)
            #expect(try await Self.post(client, base + "/jump/nope?token=s3cret") == 400)
            #expect(try await Self.post(client, base + "/jump/%zz?token=s3cret") == 400)
            #expect(try await Self.post(client, base + "/go?show=&token=s3cret") == 400)
            for path in ["/%00", "/jump/", "/go/extra", "/state?show=%ff", "/../../etc/passwd", "/panel.js/x",
                         "/jump/" + String(repeating: "a", count: 4000) + "?token=s3cret", "/hold?token=s3cret&show=x"] {
                _ = try? await Self.get(client, base + path)
                _ = try? await Self.post(client, base + path)
            }
            #expect(try await Self.post(client, base + "/go?token=s3cret") == 200)
        }
        #expect(log.last?.contains("show 'live' done") == true)
    }

    @Test("a bind beyond loopback needs a token of 16 characters and more; a blank token is refused anywhere",
          arguments: [nil, "", " ", "\t\n", "t", "s3cret", String(repeating: "x", count: 15), String(repeating: " ", count: 20)])
    func nonLoopbackBindNeedsAToken(token: String?) {
        #expect(throws: ShowError.self) { try ControlServer.Settings(host: "0.0.0.0", port: 8787, token: token) }
        #expect(throws: Never.self) { try ControlServer.Settings(host: "0.0.0.0", port: 8787, token: String(repeating: "k", count: 16)) }
        let blank = token.map { !$0.isEmpty && $0.allSatisfy(\.isWhitespace) } ?? false
        #expect((try? ControlServer.Settings(host: "127.0.0.1", port: 8787, token: token)) == nil ? blank : !blank, "\(String(describing: token))")
    }

    static func get(_ client: HTTPClient, _ url: String) async throws -> (status: Int, body: String) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    static func post(_ client: HTTPClient, _ url: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        let response = try await client.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// The `event:` types of a server-sent event stream, up to and including `last`.
    static func collectEvents(_ client: HTTPClient, _ url: String, until last: String,
                              opened: @Sendable () -> Void) async throws -> [String] {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        var types: [String] = []
        var pending = ""
        for try await buffer in response.body {
            pending += String(buffer: buffer)
            while let end = pending.range(of: "\n\n") {
                let block = pending[..<end.lowerBound]
                pending = String(pending[end.upperBound...])
                if let line = block.split(separator: "\n").first(where: { $0.hasPrefix("event: ") }) {
                    types.append(String(line.dropFirst(7)))
                    if types.count == 1 { opened() }
                    if types.last == last { return types }
                }
            }
        }
        return types
    }
}
