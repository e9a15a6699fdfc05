import LuaHost
import Platforms
import ShowEngine
import Testing

/// JSON's null between the platforms and Lua: `showcall.null`, in lists and objects alike.
@Suite struct NullTests {
    @Test("a platform's answer with null in the middle of a list reaches Lua with its full length and comes back out as the same JSON")
    func nullInTheMiddleOfAList() async throws {
        let rig = try await PlatformRig(faults: "convey/api/event/update:null-in-lists")
        // The platform's own text of the list: the event's guest presenter portals (their pins are
        // random), made by an update sent straight to the simulator, null and all.
        let answer = try await Self.conveyUpdate(rig, eventData: #"{"event_id":"1000001","guest_presenter_types":"8,31"}"#)
        let list = try #require(Self.member("guest_presenter_links", of: answer), "\(answer)")
        #expect(list.hasPrefix("[{") && list.contains("},null,{"), "\(list)")
        // An update that changes nothing answers with the same portals.
        let results = try await rig.run("""
            local sc, convey = require "showcall", require "showcall.convey"
            local links = convey.event(1000001):update{ scheduled_duration = 60 }.guest_presenter_links
            local n = 0
            for _ in ipairs(links) do n = n + 1 end
            return #links, n, links[2] == sc.null, links[1].guest_presenter_type, links[3].guest_presenter_type, links
            """)
        #expect(Array(results.prefix(5)) == [3, 3, true, 8, 31])
        #expect(results.count == 6 && LuaJSON.encode(results[5]) == list)
        await rig.stop()
    }

    @Test("a null member of an answer is showcall.null, not a missing key; showcall.null sent to a platform is written as null")
    func nullMembersBothWays() async throws {
        let rig = try await PlatformRig()
        let results = try await rig.run("""
            local sc, vbrick, zoom = require "showcall", require "showcall.vbrick", require "showcall.zoom"
            local status = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c"):status()
            local has = false
            for key in pairs(status) do has = has or key == "slideUrl" end
            local stream = zoom.webinar(68423085).livestream
            local sent = pcall(stream.configure, stream, { stream_url = "rtmp://live.example.com/app", stream_key = "k-123456",
              page_url = "https://example.com/th", resolution = sc.null })
            return status.slideUrl == sc.null, has, sent
            """)
        // Zoom takes only 720p or 1080p: the request went out, and was refused.
        #expect(results == [true, true, false])
        let patch = try #require(try await rig.requests("zoom").last { $0.method == "PATCH" })
        #expect(patch.json?["resolution"] == .null, "\(patch)")
        #expect(patch.body.contains(#""resolution":null"#), "\(patch)")
        await rig.stop()
    }

    /// The text of Convey's answer to an update sent straight to the simulator.
    static func conveyUpdate(_ rig: PlatformRig, eventData: String) async throws -> String {
        func post(_ path: String, _ form: [(String, String)]) async throws -> WireResponse {
            try await PlatformHTTP.shared.send(WireRequest("POST", "/convey/api/" + path).form(form), base: rig.sim.baseURL,
                                               deadline: .now + .seconds(10))
        }
        let auth = try await post("authenticate", [("username", "sim-convey-user"), ("password", "sim-convey-password")])
        let token = try #require(auth.json?["convey_api"]?["result"]?["authenticationData"]?["token"]?.text)
        let update = try await post("event/update", [("token", token), ("event_data", eventData)])
        return String(decoding: update.body, as: UTF8.self)
    }

    /// The text of the list or object that `"key":` opens in a JSON text whose strings hold no brackets.
    static func member(_ key: String, of text: String) -> String? {
        guard let start = text.range(of: "\"\(key)\":")?.upperBound else { return nil }
        var depth = 0
        for i in text[start...].indices {
            switch text[i] {
            case "[", "{": depth += 1
            case "]", "}":
                depth -= 1
                if depth == 0 { return String(text[start ... i]) }
            default: break
            }
        }
        return nil
    }
}
