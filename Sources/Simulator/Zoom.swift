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

    var webinars: [Int64: Webinar] = [:]
    var order: [Int64] = []
    var tokens: [String: Date] = [:]
    var limiter = RateLimiter()

    init(seed: ZoomSeed) {
        for w in seed.webinars {
            webinars[w.id] = Webinar(id: w.id, topic: w.topic, status: w.status, hostExists: w.hostExists ?? true,
                                     livestream: w.livestream.map {
                                         Livestream(streamURL: $0.streamURL, streamKey: $0.streamKey, pageURL: $0.pageURL, resolution: $0.resolution)
                                     })
            order.append(w.id)
        }
    }

    mutating func revokeTokens() { tokens.removeAll() }

    mutating func handle(_ req: SimRequest, _ creds: SimulatorCredentials, now: Date) -> SimResponse {
        let parts = req.pathComponents.map(String.init)
        if parts == ["oauth", "token"] {
            guard req.method == "POST" else { return Self.error(405, 300, "Method not allowed.") }
            return oauth(req, creds, now: now)
        }
        guard parts.count >= 3, parts.count <= 5, parts[0] == "v2", parts[1] == "webinars" else {
            return Self.error(404, 300, "Not found.")
        }
        guard let auth = req.header("authorization"), auth.hasPrefix("Bearer ") else {
            return Self.error(401, 124, "Invalid access token.")
        }
        guard let expiry = tokens[String(auth.dropFirst(7))] else { return Self.error(401, 124, "Invalid access token.") }
        guard expiry > now else { return Self.error(401, 124, "Access token is expired.") }

        let key = creds.zoomAccountId
        if let wait = limiter.take(key, limit: Self.lightPerSecond, per: 1, now: now) {
            return rateHeaders(Self.error(429, 429, "You have exceeded the rate limit of 30 requests per second for Light APIs."), key, now)
                .adding("Retry-After", String(wait))
        }
        return rateHeaders(route(req, parts, now: now), key, now)
    }

    private mutating func route(_ req: SimRequest, _ parts: [String], now: Date) -> SimResponse {
        let tail = Array(parts.dropFirst(3))
        let isStatus = tail == ["livestream", "status"]
        let allowed: [String]
        switch tail {
        case []: allowed = ["GET"]
        case ["livestream"]: allowed = ["GET", "PATCH"]
        case ["livestream", "status"]: allowed = ["PATCH"]
        default: return Self.error(404, 300, "Not found.")
        }
        guard allowed.contains(req.method) else { return Self.error(405, 300, "Method not allowed.") }
        guard let id = Int64(parts[2]), id > 0 else { return Self.error(400, 300, "Invalid Webinar Id.") }
        guard var w = webinars[id] else { return Self.error(isStatus ? 400 : 404, 3001, "Webinar does not exist: \(parts[2]).") }
        guard w.hostExists else { return Self.error(400, 1001, "User does not exist: host of webinar \(id).") }

        switch (req.method, isStatus) {
        case ("GET", false) where tail.isEmpty:
            return .json(200, ["id": .int(w.id), "topic": .string(w.topic), "status": .string(w.status), "type": 5])
        case ("GET", false):
            guard let l = w.livestream else { return .json(200, ["stream_url": "", "stream_key": "", "page_url": ""]) }
            return .json(200, ["stream_url": .string(l.streamURL), "stream_key": .string(l.streamKey),
                               "page_url": .string(l.pageURL), "resolution": l.resolution.map(JSON.string) ?? .null])
        case ("PATCH", false):
            guard let body = Self.body(req) else { return Self.invalidBody }
            var fields: [String: String] = [:]
            for name in ["stream_url", "stream_key", "page_url"] {
                guard let v = body[name]?.stringValue, !v.isEmpty else { return Self.validation(name, "\(name) is required.") }
                fields[name] = v
            }
            if let r = body["resolution"], r.stringValue.map({ ["720p", "1080p"].contains($0) }) != true {
                return Self.validation("resolution", "resolution must be 720p or 1080p.")
            }
            w.livestream = Livestream(streamURL: fields["stream_url"]!, streamKey: fields["stream_key"]!,
                                      pageURL: fields["page_url"]!, resolution: body["resolution"]?.stringValue)
            webinars[id] = w
            return .empty(204)
        default:
            let status = statusChange(req, &w, now: now)
            webinars[id] = w
            return status
        }
    }

    private func statusChange(_ req: SimRequest, _ w: inout Webinar, now: Date) -> SimResponse {
        guard let body = Self.body(req) else { return Self.invalidBody }
        guard let action = body["action"]?.stringValue, action == "start" || action == "stop" else {
            return Self.validation("action", "action must be one of start, stop.")
        }
        var settings: [String: JSON]?
        if let raw = body["settings"] {
            guard let s = raw.objectValue,
                  s["active_speaker_name"].map({ $0.boolValue != nil }) ?? true,
                  s["display_name"].map({ $0.stringValue.map { $0.count <= 50 } ?? false }) ?? true else {
                return Self.validation("settings", "settings must be {active_speaker_name: boolean, display_name: string up to 50}.")
            }
            settings = s
        }
        // Postman description: "You can only update settings for a stopped live stream."
        if settings != nil && w.live { return Self.error(400, 300, "You can only update settings for a stopped live stream.") }
        // Prerequisite: "Live streaming details must have been configured for the webinar."
        guard w.livestream != nil else { return Self.error(400, 300, "Live stream details have not been configured for this webinar.") }
        if action == "start" {
            guard w.status == "started" else { return Self.error(400, 300, "The webinar has not started.") }
            guard !w.live else { return Self.error(400, 300, "The live stream is already started.") }
            if let last = w.lastStart, now.timeIntervalSince(last) < Self.startInterval {
                return Self.error(429, 429, "You can start a live stream once every 30 seconds. Retry after 30 seconds.")
                    .adding("Retry-After", "30")
            }
            if let settings {
                var merged = w.settings.objectValue ?? [:]
                merged.merge(settings) { _, new in new }
                w.settings = .object(merged)
            }
            w.live = true
            w.lastStart = now
        } else {
            guard w.live else { return Self.error(400, 300, "The live stream is not started.") }
            w.live = false
        }
        return .empty(204)
    }

    /// JSON, or the seed's form fields (multipart or urlencoded) with `settings` as a JSON string;
    /// the seed example's `settings` value carries a stray prefix before the `{`, which is skipped.
    private static func body(_ req: SimRequest) -> [String: JSON]? {
        let fields: [String: String]?
        switch req.mediaType {
        case "application/json": return req.json?.objectValue
        case "multipart/form-data": fields = req.multipartFields
        case "application/x-www-form-urlencoded": fields = req.form
        default: return nil
        }
        guard let fields else { return nil }
        var out: [String: JSON] = [:]
        for (k, v) in fields {
            if k == "settings" {
                let json = v.firstIndex(of: "{").map { String(v[$0...]) } ?? v
                out[k] = JSON.parse(Array(json.utf8)) ?? .string(v)
            } else {
                out[k] = .string(v)
            }
        }
        return out
    }

    private mutating func oauth(_ req: SimRequest, _ creds: SimulatorCredentials, now: Date) -> SimResponse {
        var params = req.query
        if req.mediaType == "application/x-www-form-urlencoded", let form = req.form { params.merge(form) { q, _ in q } }
        let expected = "Basic " + Data("\(creds.zoomClientId):\(creds.zoomClientSecret)".utf8).base64EncodedString()
        guard req.header("authorization") == expected else {
            return .json(401, ["reason": "Invalid client_id or client_secret", "error": "invalid_client"])
        }
        guard params["grant_type"] == "account_credentials" else {
            return .json(400, ["reason": "Unsupported grant type", "error": "unsupported_grant_type"])
        }
        guard params["account_id"] == creds.zoomAccountId else {
            return .json(400, ["reason": "Invalid request : Account ID is invalid.", "error": "invalid_request"])
        }
        let token = Token.make("zoom-", length: 64)
        tokens[token] = now.addingTimeInterval(Self.tokenLifetime)
        return .json(200, ["access_token": .string(token), "token_type": "bearer", "expires_in": .int(Int64(Self.tokenLifetime)),
                           "scope": "webinar:read:admin webinar:write:admin", "api_url": "https://api.zoom.us"])
    }

    private func rateHeaders(_ r: SimResponse, _ key: String, _ now: Date) -> SimResponse {
        r.adding("X-RateLimit-Category", "Light").adding("X-RateLimit-Type", "QPS")
            .adding("X-RateLimit-Limit", String(Self.lightPerSecond))
            .adding("X-RateLimit-Remaining", String(limiter.remaining(key, limit: Self.lightPerSecond, per: 1, now: now)))
    }

    static let invalidBody = error(400, 300, "Request Body should be a valid JSON object.")

    static func validation(_ field: String, _ message: String) -> SimResponse {
        .json(400, ["code": 300, "message": "Validation Failed.", "errors": [["field": .string(field), "message": .string(message)]]])
    }

    static func error(_ status: Int, _ code: Int64, _ message: String) -> SimResponse {
        .json(status, ["code": .int(code), "message": .string(message)])
    }

    var snapshot: JSON {
        .array(order.compactMap { webinars[$0] }.map { w in
            ["id": .int(w.id), "topic": .string(w.topic), "status": .string(w.status), "live": .bool(w.live),
             "configured": .bool(w.livestream != nil), "settings": w.settings]
        })
    }

    var violations: [String] {
        webinars.values.compactMap { w in w.live && w.livestream == nil ? "zoom \(w.id): live without configuration" : nil }
    }
}

extension ZoomState: SimulatedPlatform {
    static let platform = Platform.zoom
    init(seed: SimulatorSeed, now: Date) { self.init(seed: seed.zoom) }
    mutating func limitRates(_ on: Bool) { limiter.enabled = on }
    var snapshotEntry: JSON { ["webinars": snapshot] }
    static func tooLarge(now: Date) -> SimResponse { error(413, 300, "The request body is too large.") }
}
