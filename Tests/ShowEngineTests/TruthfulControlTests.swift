import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
@testable import ShowEngine

/// The control API tells the truth: a command the show did nothing with is answered as
/// ignored, with why; `/state` answers as of the moment it answers, not of the last event.
@Suite("Commands answered as the show took them; the state as of the answer")
struct TruthfulControlTests {
    static let show = """
        local show = require "showcall.show"
        local sc = require "showcall"
        local s = show.new("live")
        s:step("standby", { run = function() end })
        s:step("on air", { cue = "Presenter ready", run = show.action("cam", function() sc.sleep(30) return "cam 1" end) })
        s:step("credits", { after = 600 })
        return s:run()
        """

    static func post(_ base: String, _ path: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    static func state(_ base: String) async throws -> (now: Double?, show: [String: Any]) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/state"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        let shows = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [[String: Any]] ?? []
        return (response.headers.first(name: "ShowCall-Now").flatMap(Double.init), shows.first ?? [:])
    }

    @Test("GO during HOLD, RESUME when not held, GO while a step runs: 200, ok false, and why; the log says so too")
    func ignoredCommands() async throws {
        let log = try await ControlAPITests().withShow(Self.show) { port in
            let base = "http://127.0.0.1:\(port)"
            while try await Self.state(base).show["current_status"] as? String != "cued" { try await Task.sleep(for: .milliseconds(10)) }
            let resume = try await Self.post(base, "/resume")
            #expect(resume.status == 200 && resume.body.contains(#""ok":false,"command":"resume","ignored":"show is not held""#), "\(resume)")
            #expect(try await Self.post(base, "/hold").body.contains(#""ok":true"#))
            let hold = try await Self.post(base, "/hold")
            #expect(hold.body.contains(#""ignored":"show is already held""#), "\(hold)")
            let go = try await Self.post(base, "/go")
            #expect(go.status == 200 && go.body.contains(#"{"ok":false,"command":"go","ignored":"show is held"}"#), "\(go)")
            #expect(try await Self.state(base).show["current_status"] as? String == "cued", "the ignored GO started nothing")
            #expect(try await Self.post(base, "/resume").body.contains(#""ok":true"#))
            #expect(try await Self.post(base, "/go").body == #"{"ok":true,"command":"go"}"# + "\n")
            let again = try await Self.post(base, "/go")
            #expect(again.body.contains(#""ignored":"step 'on air' is already running""#), "\(again)")
            #expect(try await Self.post(base, "/abort").body.contains(#""ok":true"#))
        }
        #expect(log.contains { $0.hasSuffix("SHOW  GO ignored: the show is on HOLD (RESUME first)") })
        #expect(log.contains { $0.hasSuffix("SHOW  RESUME ignored: show is not held") })
        #expect(log.contains { $0.hasSuffix("SHOW  GO ignored: step 'on air' is already running") })
    }

    @Test("JUMP to the step waiting for GO starts it; nothing is skipped")
    func jumpToTheWaitingStep() async throws {
        let log = try await ControlAPITests().withShow(Self.show) { port in
            let base = "http://127.0.0.1:\(port)"
            while try await Self.state(base).show["current_status"] as? String != "cued" { try await Task.sleep(for: .milliseconds(10)) }
            #expect(try await Self.post(base, "/jump/on%20air").body.contains(#""ok":true"#))
            #expect(try await Self.post(base, "/abort").body.contains(#""ok":true"#))
        }
        #expect(!log.contains { $0.contains("skipped by JUMP") }, "\(log)")
        #expect(log.contains { $0.hasSuffix("SHOW  JUMP to 'on air'") })
        #expect(log.contains { $0.hasSuffix("SHOW  step 'on air' started") })
    }

    @Test("/state answers with the server's time now and the cue's waiting time as of the answer, not of the last event")
    func stateAsOfTheAnswer() async throws {
        _ = try await ControlAPITests().withShow(Self.show) { port in
            let base = "http://127.0.0.1:\(port)"
            while try await Self.state(base).show["current_status"] as? String != "cued" { try await Task.sleep(for: .milliseconds(10)) }
            let firstAsked = Date().timeIntervalSince1970
            let first = try await Self.state(base)
            let firstAnswered = Date().timeIntervalSince1970
            try await Task.sleep(for: .milliseconds(1500))
            let before = Date().timeIntervalSince1970
            let later = try await Self.state(base)
            let after = Date().timeIntervalSince1970
            let now = try #require(later.show["now"] as? Double)
            #expect(now >= before - 0.01 && now <= after + 0.01, "now \(now), asked between \(before) and \(after)")
            #expect(later.now.map { $0 >= before - 0.01 && $0 <= after + 0.01 } == true, "the ShowCall-Now header")
            // No event in between: the clock of the state stood still, the answer did not.
            #expect(later.show["clock"] as? Double == first.show["clock"] as? Double)
            // It grew by the time between the two answers, however long a loaded machine took.
            let waited = (later.show["waiting"] as? Double ?? 0) - (first.show["waiting"] as? Double ?? 0)
            #expect(waited > 1.4 && waited >= before - firstAnswered - 0.01 && waited <= after - firstAsked + 0.01,
                    "waiting grew by \(waited) s between answers \(before - firstAnswered) to \(after - firstAsked) s apart")
            #expect(later.show["cue"] as? String == "Presenter ready")
            #expect(try await Self.post(base, "/abort").body.contains(#""ok":true"#))
        }
    }
}
