import Foundation

/// Zoom webinar live stream (seeds/zoom-webinar-livestream-status.txt, platforms.md "Zoom").
///
/// Choices of ours [I]:
/// - A non-numeric webinar id answers 400 code 300 "Invalid Webinar Id."; an unknown one 400 code
///   3001 on the status call (as the seed lists) and 404 code 3001 on the others (as Zoom's reference does).
/// - Validation, "not configured", "webinar not started", starting a live stream twice and
///   stopping a stopped one all answer 400 code 300 with a message naming the rule.
/// - Rate limits are the Pro plan's: 30 "Light" requests a second per account; a live stream may
///   be started once per webinar in 30 seconds, else 429 with Retry-After: 30.
/// - `GET /v2/webinars/{id}` (the webinar and its `status`) is not in the seeds: it is Zoom's
///   public "Get a webinar" call, answered with the fields ShowCall reads (id, topic, status, type).
struct ZoomState {
    struct Livestream { var streamURL: String; var streamKey: String; var pageURL: String; var resolution: String? }
    struct Webinar {
        var id: Int64
        var topic: String
        var status: String
        var hostExists: Bool
        var livestream: Livestream?
        var live = false
        var settings: JSON = ["active_speaker_name": false, "display_name": ""]
        var lastStart: Date?
    }

    static let tokenLifetime: TimeInterval = 3600
    static let lightPerSecond = 30
    static let startInterval: TimeInterval = 30

    let credentials: SimulatorCredentials
    var webinars: [Int64: Webinar] = [:]
    var order: [Int64] = []
    var tokens: [String: Date] = [:]
    var limiter = RateLimiter()

    init(seed: ZoomSeed, credentials: SimulatorCredentials, now: Date) {
        self.credentials = credentials
        for w in seed.webinars {
            webinars[w.id] = Webinar(id: w.id, topic: w.topic, status: w.status, hostExists: w.hostExists ?? true,
                                     livestream: w.livestream.map {
                                         Livestream(streamURL: $0.streamURL, streamKey: $0.streamKey, pageURL: $0.pageURL, resolution: $0.resolution)
                                     })
            order.append(w.id)
        }
    }

    mutating func revokeTokens() { tokens.removeAll() }
    mutating func limitRates(_ on: Bool) { limiter.enabled = on }

    /// `action` start or stop with optional settings, by the seed's rules.
    static func setStatus(_ w: inout Webinar, start: Bool, settings: [String: JSON]?, now: Date) throws(SimResponse) {
        // Postman description: "You can only update settings for a stopped live stream."
        if settings != nil && w.live { throw error(400, 300, "You can only update settings for a stopped live stream.") }
        // Prerequisite: "Live streaming details must have been configured for the webinar."
        guard w.livestream != nil else { throw error(400, 300, "Live stream details have not been configured for this webinar.") }
        guard start else {
            guard w.live else { throw error(400, 300, "The live stream is not started.") }
            w.live = false
            return
        }
        guard w.status == "started" else { throw error(400, 300, "The webinar has not started.") }
        guard !w.live else { throw error(400, 300, "The live stream is already started.") }
        if let last = w.lastStart, now.timeIntervalSince(last) < startInterval {
            throw error(429, 429, "You can start a live stream once every 30 seconds. Retry after 30 seconds.").adding("Retry-After", "30")
        }
        if let settings {
            var merged = w.settings.objectValue ?? [:]
            merged.merge(settings) { _, new in new }
            w.settings = .object(merged)
        }
        w.live = true
        w.lastStart = now
    }

    var snapshot: JSON {
        ["webinars": .array(order.compactMap { webinars[$0] }.map { w in
            ["id": .int(w.id), "topic": .string(w.topic), "status": .string(w.status), "live": .bool(w.live),
             "configured": .bool(w.livestream != nil), "settings": w.settings]
        })]
    }

    var violations: [String] {
        webinars.values.compactMap { w in w.live && w.livestream == nil ? "zoom \(w.id): live without configuration" : nil }
    }
}
