import Foundation
import LuaHost
import Platforms
import ShowEngine
import Simulator
import Testing

/// One `event_data` property as seeds/convey-event-management.txt defines it, transcribed from
/// its two tables: the documented type, a value it takes, the same value given in another type
/// that converts exactly (and what then goes on the wire), values of its type that break its
/// rule, and the other fields of an event in which it applies (nil removes one).
struct DocumentedProperty: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: String
    let valid: LuaValue
    let exact: [(given: LuaValue, sent: LuaValue)]
    let outside: [LuaValue]
    let event: [String: LuaValue?]

    init(_ name: String, _ kind: String, _ valid: LuaValue, exact: [(LuaValue, LuaValue)] = [], outside: [LuaValue] = [],
         event: [String: LuaValue?] = [:]) {
        self.name = name
        self.kind = kind
        self.valid = valid
        self.exact = exact.map { (given: $0.0, sent: $0.1) }
        self.outside = outside
        self.event = event
    }

    var testDescription: String { "\(name) (\(kind))" }

    /// Values of another type that convert to none of this one's.
    var wrongTypes: [LuaValue] {
        kind == "String" ? [true, .number(1.5), .table(LuaTable())] : [false, "12abc", "1.5", .number(1.5), .table(LuaTable())]
    }
}

/// The seed's tables; `event_id`, set by the client from the event, is checked through `update`.
let conveyProperties: [DocumentedProperty] = [
    DocumentedProperty("event_title", "String", "Q3 Town Hall", exact: [(2026, "2026")]),
    DocumentedProperty("type", "String", "live", outside: ["vod", "LIVE"]),
    DocumentedProperty("scheduled_start_time", "Long", 1_800_003_600_000,
                       exact: [("1800003600000", 1_800_003_600_000), (.number(1_800_003_600_000), 1_800_003_600_000)]),
    DocumentedProperty("scheduled_duration", "Integer", 90, exact: [("90", 90), (.number(90), 90)], outside: [0, -30]),
    DocumentedProperty("timezone", "String", "Europe/London", exact: [(5, "5")]),
    DocumentedProperty("region", "Integer", 3, exact: [("3", 3), (.number(3), 3)], outside: [0, 6]),
    DocumentedProperty("acquisition_type", "Integer", 0, exact: [("0", 0)], outside: [-1, 5]),
    DocumentedProperty("vcu_address", "String", "10.0.0.1", exact: [(1, "1")],
                       event: ["acquisition_type": 1, "vcu_connection_type": "SIP"]),
    DocumentedProperty("vcu_connection_type", "String", "H.323", outside: ["TCP"],
                       event: ["acquisition_type": 1, "vcu_address": "10.0.0.1"]),
    DocumentedProperty("telephony_type", "String", "directdial", outside: ["fax"], event: ["acquisition_type": 3, "region": nil]),
    DocumentedProperty("video_bridge_type", "String", "advanced", outside: ["basic"], event: ["acquisition_type": 4, "region": nil]),
    DocumentedProperty("media_type", "String", "audio", outside: ["text"],
                       event: ["type": "ondemand", "region": nil, "acquisition_type": nil]),
    DocumentedProperty("audience_capacity", "Integer", 10_000, exact: [("50", 50)], outside: [49, 10_001]),
    DocumentedProperty("event_expiration_months", "Integer", 3, exact: [("12", 12)], outside: [2, 13]),
    DocumentedProperty("event_id", "String", "1000001", exact: [(1_000_001, "1000001")]),
    DocumentedProperty("folder_id", "Integer", 5002, exact: [("5002", 5002)]),
    DocumentedProperty("folder_from_event", "Integer", 1_000_001, exact: [("1000001", 1_000_001)]),
    DocumentedProperty("cost_center", "String", "CC-7", exact: [(7, "7")]),
    DocumentedProperty("guest_presenter_types", "String", "8,2", exact: [(8, "8")], outside: ["32", "1,x", "0"]),
    DocumentedProperty("scheduled_player_close_time", "Long", 1_800_010_800_000, exact: [("1800010800000", 1_800_010_800_000)]),
]

/// Every property's type rule and value rule, on the wire: refused before sending with the
/// field and the rule named, converted where that is exact, and refused the same way by the
/// simulator, which answers for the platform.
@Suite("Convey event_data: the document's types and rules")
struct ConveyEventDataTests {
    static let base: [String: LuaValue] = [
        "event_title": "Town Hall", "type": "live", "scheduled_start_time": 1_800_003_600_000, "scheduled_duration": 60,
        "timezone": "US/Eastern", "region": 1, "acquisition_type": 2, "audience_capacity": 1000, "event_expiration_months": 12,
    ]

    /// An event in which `p` applies, with `p` set to `value`.
    static func event(_ p: DocumentedProperty, _ value: LuaValue) -> [String: LuaValue] {
        var d = base
        for (k, v) in p.event { d[k] = v }
        d[p.name] = value
        return d
    }

    /// The Lua that sends `p` as `value`: an update for `event_id` (which names the event), else a create.
    static func script(_ p: DocumentedProperty, _ value: LuaValue) -> String {
        if p.name == "event_id" {
            return "local e = require(\"showcall.convey\").event(\(lua(value))):update{scheduled_duration = 90}\nreturn e.scheduled_duration"
        }
        return "local e = require(\"showcall.convey\").create(\(lua(.table(event(p, value)))))\nreturn e.data.event_title"
    }

    static func lua(_ v: LuaValue) -> String {
        switch v {
        case .nil, .null: "nil"
        case .boolean(let b): "\(b)"
        case .integer(let i): "\(i)"
        case .number(let d): String(format: "%.1f", d)
        case .string(let s): "\"" + s.description.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .table(let t):
            if let o = v.record, !o.isEmpty { "{" + o.keys.sorted().map { "\($0) = \(lua(o[$0]!))" }.joined(separator: ", ") + "}" }
            else { "{" + t.array.map(lua).joined(separator: ", ") + "}" }
        }
    }

    /// The event_data of the create or update requests the simulator received.
    static func sent(_ rig: PlatformRig) async throws -> [LuaValue] {
        try await rig.requests("convey").filter { $0.path.hasPrefix("/convey/api/event/create") || $0.path.hasPrefix("/convey/api/event/update") }
            .compactMap { Expected.decodeForm($0.body)["event_data"].flatMap { try? LuaJSON.decode(Array($0.utf8)) } }
    }

    @Test("each property's documented type, on both sides of the wire", arguments: conveyProperties)
    func typeRule(_ p: DocumentedProperty) async throws {
        let rig = try await PlatformRig()
        // A value of another type that converts to none of the document's: refused by name, nothing sent.
        for wrong in p.wrongTypes {
            let message = try await rig.failure(Self.script(p, wrong))
            let named = p.name == "event_id" ? "convey event id" : "event_data.\(p.name) must be \(p.kind)"
            #expect(message.contains(named), "\(Self.lua(wrong)): \(message)")
        }
        #expect(try await Self.sent(rig).isEmpty)
        // The value itself, and the same value in another type converted exactly: the wire carries the document's type.
        for (given, wire) in [(given: p.valid, sent: p.valid)] + p.exact {
            _ = try await rig.run(Self.script(p, given))
            #expect(try await Self.sent(rig).last?[p.name] == wire, "\(Self.lua(given))")
        }
        #expect(try await rig.requests("convey").allSatisfy { $0.ok })
        // The simulator, for the platform: the wrong type is invalid input (72); a string of digits is an exact Integer or Long.
        #expect(try await Simulated.returnCode(rig, p, true) == 72)
        if p.kind != "String" {
            #expect(try await Simulated.returnCode(rig, p, .string(Self.lua(p.valid))) == 1)
        }
        await rig.stop()
    }

    @Test("each property's documented value rule, on both sides of the wire", arguments: conveyProperties.filter { !$0.outside.isEmpty })
    func valueRule(_ p: DocumentedProperty) async throws {
        let rig = try await PlatformRig()
        for value in p.outside {
            let message = try await rig.failure(Self.script(p, value))
            #expect(message.contains("event_data.\(p.name) must be "), "\(Self.lua(value)): \(message)")
            #expect(message.contains("not \(Self.lua(value))"), "\(message)")
        }
        #expect(try await Self.sent(rig).isEmpty)
        for value in p.outside {
            #expect(try await Simulated.returnCode(rig, p, value) == 72, "\(Self.lua(value))")
        }
        await rig.stop()
    }

    @Test("a property the document does not list is refused by the script's call and by the simulator")
    func undocumented() async throws {
        let rig = try await PlatformRig()
        var d = Self.base
        d["colour"] = "red"
        let message = try await rig.failure("require(\"showcall.convey\").create(\(Self.lua(.table(d))))")
        #expect(message.contains("'colour'") && message.contains("is unknown"), "\(message)")
        await #expect(throws: PlatformInputError.self) { try await PlatformDirectory(profile: rig.profile).convey().create(d) }
        #expect(try await Self.sent(rig).isEmpty)
        #expect(try await Simulated.create(rig, d) == 72)
        await rig.stop()
    }

    @Test("the document's own example: a Telephone event with region 0 and no telephony_type is created; Video Bridge and on-demand events ignore the region too")
    func documentExample() async throws {
        let rig = try await PlatformRig()
        // Byte for byte the event_data of the seed's "Event Create" example request.
        let example = #"{"event_title":"Default Event Create","type":"live","scheduled_start_time":1541674800000,"scheduled_duration":30,"timezone":"US/Eastern","region":0,"acquisition_type":3,"audience_capacity":1000,"event_expiration_months":12}"#
        let fields = try #require(LuaJSON.decode(Array(example.utf8)).record)
        let results = try await rig.run("""
            local convey = require "showcall.convey"
            local e = convey.create(\(Self.lua(.table(fields))))
            local bridge = convey.create{event_title = "Bridge", type = "live", scheduled_start_time = 1541674800000, scheduled_duration = 30,
              timezone = "US/Eastern", region = 0, acquisition_type = 4, video_bridge_type = "standard", audience_capacity = 1000,
              event_expiration_months = 12}
            local od = convey.create{event_title = "On demand", type = "ondemand", media_type = "video", region = 99,
              scheduled_start_time = 1541674800000, scheduled_duration = 30, timezone = "US/Eastern", audience_capacity = 50,
              event_expiration_months = 3}
            return e.data.event_title, e.data.scheduled_duration, e.data.partial, bridge.data.event_title, od.data.event_title
            """)
        #expect(results == ["Default Event Create", 30, .nil, "Bridge", "On demand"])
        let sent = try await Self.sent(rig)
        #expect(sent.first == .table(fields))
        #expect(try await Simulated.create(rig, fields) == 1)
        await rig.stop()
    }

    /// An update sent by a run that died before its answer came is checked first when the run
    /// is resumed: the event's status says whether it took. (The check's "not in place" once
    /// read as an answer, so such an update was never made.)
    @Test("resumed, an update that was sent unanswered is sent again if it did not take, and not if it did")
    func unansweredUpdate() async throws {
        let rig = try await PlatformRig()
        let convey = try PlatformDirectory(profile: rig.profile).convey()
        func resumedUpdate() async throws -> LuaValue {
            try await PlatformSession.$previousAttemptUnanswered.withValue(true) {
                try await convey.update("1000001", ["scheduled_duration": 90])
            }
        }
        try await rig.clearLog()
        #expect(try await resumedUpdate()["scheduled_duration"] == 90)
        #expect(try await convey.status("1000001")["scheduled_duration"] == 90)
        #expect(try await rig.requests("convey").filter { $0.path.hasSuffix("/event/update") }.count == 1)
        try await rig.clearLog()
        #expect(try await resumedUpdate()["scheduled_duration"] == 90)
        #expect(try await rig.requests("convey").filter { $0.path.hasSuffix("/event/update") }.isEmpty)
        await rig.stop()
    }
}

/// Convey's returnCode 2, "Partial Success": the account may not create a guest presenter portal type.
@Suite("Convey partial success (returnCode 2)")
struct ConveyPartialSuccessTests {
    @Test("the script gets the result with partial = true and the platform's message, and the show log says it was partial")
    func partial() async throws {
        var seed = SimulatorSeed.standard
        seed.convey.guestPresenterTypes = 15
        let rig = try await PlatformRig(seed: seed)
        let lines = LinesBox()
        let results: [LuaValue] = try await PlatformRig.onThread { [profile = rig.profile] in
            let engine = try PlatformRig.engine(PlatformDirectory(profile: profile), output: { lines.append($0) })
            return try engine.run("""
                local convey = require "showcall.convey"
                local e = convey.create{event_title = "Town Hall", type = "live", scheduled_start_time = 1800003600000,
                  scheduled_duration = 60, timezone = "US/Eastern", region = 1, acquisition_type = 2, audience_capacity = 1000,
                  event_expiration_months = 12, guest_presenter_types = "8,16"}
                local links = e.data.guest_presenter_links
                local whole = e:update{guest_presenter_types = "8"}
                return e.data.partial, e.data.message, #links, links[1].guest_presenter_type, whole.partial
                """, name: "=show")
        }
        #expect(results.first == .boolean(true))
        #expect(results[1].text.contains("Partial Success") && results[1].text.contains("16"), "\(results[1])")
        #expect(Array(results.dropFirst(2)) == [1, 8, .nil])
        #expect(lines.text.contains("WARN  convey.create: partial success: Partial Success: guest presenter portal type 16"), "\(lines.text)")
        #expect(!lines.text.contains("update: partial"), "\(lines.text)")
        let answers = try await rig.requests("convey").filter { $0.path == "/convey/api/event/create" }
        #expect(answers.count == 1 && answers[0].status == 200)
        await rig.stop()
    }
}

/// Requests straight to the simulator, as another client of the platform would send them.
enum Simulated {
    static func token(_ rig: PlatformRig) async throws -> String {
        let r = try await send(rig, "authenticate", [("username", "sim-convey-user"), ("password", "sim-convey-password")])
        return try #require(r["authenticationData"]?["token"]?.text)
    }

    static func send(_ rig: PlatformRig, _ endpoint: String, _ fields: [(String, String)]) async throws -> LuaValue {
        let r = try await PlatformHTTP.shared.send(WireRequest("POST", "/convey/api/" + endpoint).form(fields),
                                                   base: rig.sim.baseURL, deadline: .now + .seconds(10))
        return r.json?["convey_api"]?["result"] ?? .null
    }

    static func create(_ rig: PlatformRig, _ data: [String: LuaValue]) async throws -> Int64? {
        try await send(rig, "event/create", [("token", token(rig)), ("event_data", LuaJSON.encode(.table(data)))])["returnCode"]?.integerValue
    }

    /// The returnCode for `p` sent as `value` in an event where it applies (an update's `event_id`).
    static func returnCode(_ rig: PlatformRig, _ p: DocumentedProperty, _ value: LuaValue) async throws -> Int64? {
        if p.name == "event_id" {
            return try await send(rig, "event/update", [("token", token(rig)),
                                                        ("event_data", LuaJSON.encode(.table(["event_id": value, "scheduled_duration": 90])))])["returnCode"]?.integerValue
        }
        return try await create(rig, ConveyEventDataTests.event(p, value))
    }
}
