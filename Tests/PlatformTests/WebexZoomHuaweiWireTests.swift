import LuaHost
import Platforms
import ShowEngine
import Testing

/// seeds/webex-meeting-controls.txt and the OpenAPI excerpt: every verb is one PUT of the
/// controls with only the fields it changes.
@Suite struct WebexWireTests {
    static let meeting = "560d7b784f5143e3be2fc3064a5c4999"

    @Test func everyVerbGoesOutAsDocumented() async throws {
        let rig = try await PlatformRig()
        let results = try await rig.run("""
            local webex = require "showcall.webex"
            local m = webex.meeting("\(Self.meeting)")
            m.record:start(); m.record:pause()
            local paused = m:status().recordingPaused
            m.record:resume(); m:lock(); m:unlock()
            local last = m.record:stop()
            return paused, last.recordingStarted, last.locked, m:details().state
            """)
        #expect(results == [true, false, false, "inProgress"])
        let controls = "/webex/v1/meetings/controls"
        let q = ["meetingId": Self.meeting]
        expectCalls(try await rig.requests("webex"), [
            Expected(method: "PUT", path: controls, query: q, json: ["recordingStarted": true]),
            Expected(method: "PUT", path: controls, query: q, json: ["recordingPaused": true]),
            Expected(method: "GET", path: controls, query: q),
            Expected(method: "PUT", path: controls, query: q, json: ["recordingPaused": false]),
            Expected(method: "PUT", path: controls, query: q, json: ["locked": true]),
            Expected(method: "PUT", path: controls, query: q, json: ["locked": false]),
            Expected(method: "PUT", path: controls, query: q, json: ["recordingStarted": false]),
            Expected(method: "GET", path: "/webex/v1/meetings/" + Self.meeting),
        ])
        await rig.stop()
    }
}

/// `meeting:controls{...}`: the document's update takes recordingStarted, recordingPaused and
/// locked together, so several controls are one PUT, read back as the platform reports them.
@Suite struct WebexControlsTests {
    @Test("recording and lock change in one PUT, in the document's field names; a bad or empty request sends nothing")
    func combinedUpdate() async throws {
        let rig = try await PlatformRig()
        let results = try await rig.run("""
            local m = require("showcall.webex").meeting("\(WebexWireTests.meeting)")
            local on = m:controls{recording = "started", locked = true}
            local paused = m:controls{recording = "paused"}
            local resumed = m:controls{recording = "started"}
            local off = m:controls{recording = "stopped", locked = false}
            local bad, err = pcall(m.controls, m, {recording = "on"})
            local none, err2 = pcall(m.controls, m, {})
            return on.recordingStarted, on.locked, paused.recordingPaused, resumed.recordingPaused, off.recordingStarted, off.locked,
              bad, err.message, none, err2.message
            """)
        #expect(Array(results.prefix(7)) == [true, true, true, false, false, false, false])
        #expect(results[7].text == "option 'recording' of 'webex.meeting:controls' must be \"started\", \"paused\" or \"stopped\", not \"on\"")
        #expect(results[8] == false && results[9].text == "options of 'webex.meeting:controls' must give recording or locked (or both)")
        let controls = "/webex/v1/meetings/controls"
        let q = ["meetingId": WebexWireTests.meeting]
        expectCalls(try await rig.requests("webex"), [
            Expected(method: "PUT", path: controls, query: q, json: ["recordingStarted": true, "recordingPaused": false, "locked": true]),
            Expected(method: "PUT", path: controls, query: q, json: ["recordingPaused": true]),
            Expected(method: "PUT", path: controls, query: q, json: ["recordingStarted": true, "recordingPaused": false]),
            Expected(method: "PUT", path: controls, query: q, json: ["recordingStarted": false, "locked": false]),
        ])
        await rig.stop()
    }
}

/// seeds/zoom-webinar-livestream-status.txt and platforms.md "Zoom": OAuth, then JSON PATCHes.
@Suite struct ZoomWireTests {
    @Test func everyVerbGoesOutAsDocumented() async throws {
        let rig = try await PlatformRig()
        let results = try await rig.run("""
            local zoom = require "showcall.zoom"
            local w = zoom.webinar(68423085)
            w.livestream:configure{stream_url = "rtmp://live.example.com/app", stream_key = "k-123456", page_url = "https://example.com/th", resolution = "720p"}
            w.livestream:start{display_name = "Town Hall", active_speaker_name = true}
            w.livestream:stop()
            local settings = w.livestream:status()
            return settings.stream_key, settings.resolution, w:status().topic
            """)
        #expect(results == ["[redacted]", "720p", "Town Hall"])
        let log = try await rig.requests("zoom")
        let base = "/zoom/v2/webinars/68423085"
        expectCalls(log, [
            Expected(method: "POST", path: "/zoom/oauth/token", form: ["grant_type": "account_credentials", "account_id": "sim-zoom-account"]),
            Expected(method: "PATCH", path: base + "/livestream", json: [
                "stream_url": "rtmp://live.example.com/app", "stream_key": "[redacted]", "page_url": "https://example.com/th", "resolution": "720p",
            ]),
            Expected(method: "PATCH", path: base + "/livestream/status", json: [
                "action": "start", "settings": ["display_name": "Town Hall", "active_speaker_name": true],
            ]),
            Expected(method: "PATCH", path: base + "/livestream/status", json: ["action": "stop"]),
            Expected(method: "GET", path: base + "/livestream"),
            Expected(method: "GET", path: base),
        ])
        #expect(log.first?.header("Authorization") == "[redacted]")
        await rig.stop()
    }
}

/// seeds/huawei-meeting-live-broadcast.txt and platforms.md "Huawei": a control token per
/// conference from the host password, then the live PUT with that token.
@Suite struct HuaweiWireTests {
    @Test func everyVerbGoesOutAsDocumented() async throws {
        let rig = try await PlatformRig()
        let results = try await rig.run("""
            local huawei = require "showcall.huawei"
            local c = huawei.conference("914044873")
            c.livestream:start()
            local live = c:status().confInfo.isLive
            c.livestream:stop()
            return live, c:status().confInfo.isLive
            """)
        #expect(results == [1, 0])
        let log = try await rig.requests("huawei")
        let base = "/huawei/v1/mmc/control/conferences/"
        let q = ["conferenceID": "914044873"]
        expectCalls(log, [
            Expected(method: "GET", path: base + "token", query: q),
            Expected(method: "PUT", path: base + "live", query: q, json: ["isLive": 1]),
            Expected(method: "GET", path: base + "realTimeInfo", query: q),
            Expected(method: "PUT", path: base + "live", query: q, json: ["isLive": 0]),
            Expected(method: "GET", path: base + "realTimeInfo", query: q),
        ])
        #expect(log.first?.header("X-Password") == "[redacted]")
        #expect(log.first?.header("X-Login-Type") == "1")
        for call in log.dropFirst() { #expect(call.header("X-Conference-Authorization") == "[redacted]") }
        await rig.stop()
    }

    @Test func aConferenceWithoutLiveAddressIsRefusedByName() async throws {
        let rig = try await PlatformRig()
        let message = try await rig.failure("""
            require("showcall.huawei").conference("914044874").livestream:start()
            """)
        #expect(message.contains("huawei conference 914044874 livestream.start"))
        #expect(message.contains("No live address") && message.contains("HTTP 403"))
        await rig.stop()
    }
}

/// seeds/convey-event-management.txt: form posts, `event_data` as a JSON string, the envelope.
@Suite struct ConveyWireTests {
    @Test func everyCallGoesOutAsDocumented() async throws {
        let rig = try await PlatformRig()
        let results = try await rig.run("""
            local convey = require "showcall.convey"
            local tree = convey.folders()
            local e = convey.create{event_title = "Q3 Town Hall", type = "live", scheduled_start_time = 1800003700000,
              scheduled_duration = 45, timezone = "US/Eastern", region = 1, acquisition_type = 2,
              audience_capacity = 500, event_expiration_months = 6, folder_id = 5001}
            local updated = e:update{scheduled_duration = 100}
            local status = convey.event(e.id):status()
            return tree.children[1].folder_name, #tree.children[1].children, e.data.scheduled_duration,
              e.data.scheduled_start_time, updated.scheduled_duration, status.event_title, status.folder_name
            """)
        // The seed's rounding: start up to the quarter hour, duration up to the half hour.
        #expect(results == ["Town Halls", 2, 60, 1_800_004_500_000, 120, "Q3 Town Hall", "Town Halls"])
        let log = try await rig.requests("convey")
        let created = log[2].body
        let eventData = Expected.decodeForm(created)["event_data"].flatMap { try? LuaJSON.decode($0.utf8) }
        #expect(eventData?["event_title"] == "Q3 Town Hall" && eventData?["scheduled_start_time"] == .integer(1_800_003_700_000))
        expectCalls(Array(log.prefix(2)), [
            Expected(method: "POST", path: "/convey/api/authenticate", form: ["username": "sim-convey-user", "password": "[redacted]"]),
            Expected(method: "POST", path: "/convey/api/folder/tree", form: ["token": "[redacted]"]),
        ])
        #expect(log.map(\.line) == ["POST /convey/api/authenticate", "POST /convey/api/folder/tree", "POST /convey/api/event/create",
                                    "POST /convey/api/event/update", "POST /convey/api/event/status"])
        #expect(log.allSatisfy { $0.contentType == "application/x-www-form-urlencoded" })
        let update = Expected.decodeForm(log[3].body)
        #expect(update["token"] == "[redacted]")
        #expect(update["event_data"].flatMap { try? LuaJSON.decode($0.utf8) }?["scheduled_duration"] == 100)
        await rig.stop()
    }

    @Test func anInvalidFieldIsNamedBeforeAnythingIsSent() async throws {
        let rig = try await PlatformRig()
        let message = try await rig.failure("""
            require("showcall.convey").create{event_title = "x", type = "live", scheduled_start_time = 1800003600000,
              scheduled_duration = 30, timezone = "UTC", region = 1, acquisition_type = 2, audience_capacity = 20,
              event_expiration_months = 6}
            """)
        #expect(message == "show:1: event_data.audience_capacity must be between 50 and 10000, not 20")
        #expect(try await rig.requests("convey").isEmpty)
        await rig.stop()
    }
}
