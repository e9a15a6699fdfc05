import Foundation

extension Platform {
    public static let zoom = Platform(declaring: "zoom")
}

/// The simulated Zoom API: errors `{code, message}` (validation adds `errors: [{field, message}]`);
/// every route but the OAuth token needs `Authorization: Bearer <token>`, counts against the
/// account's "Light" limit and answers with Zoom's rate-limit headers.
extension ZoomState: SimulatedPlatform {
    static let platform = Platform.zoom

    static let routes: [SimRoute<ZoomState>] = [
        SimRoute("POST", "/oauth/token", "Server-to-Server OAuth token", signedIn: false) { s, c throws(SimResponse) in s.oauth(c) },
        // Not in the seeds: Zoom's public "Get a webinar", for the webinar's status (see ZoomState).
        SimRoute("GET", "/v2/webinars/{webinarId}", "Webinar details") { s, c throws(SimResponse) in
            let w = try s.webinar(c, unknown: 404)
            return .json(200, ["id": .int(w.id), "topic": .string(w.topic), "status": .string(w.status), "type": 5])
        },
        SimRoute("GET", "/v2/webinars/{webinarId}/livestream", "Get live stream details") { s, c throws(SimResponse) in
            guard let l = try s.webinar(c, unknown: 404).livestream else { return .json(200, ["stream_url": "", "stream_key": "", "page_url": ""]) }
            return .json(200, ["stream_url": .string(l.streamURL), "stream_key": .string(l.streamKey),
                               "page_url": .string(l.pageURL), "resolution": l.resolution.map(JSON.string) ?? .null])
        },
        SimRoute("PATCH", "/v2/webinars/{webinarId}/livestream", "Update live stream details") { s, c throws(SimResponse) in
            var w = try s.webinar(c, unknown: 404)
            w.livestream = try livestream(c)
            s.webinars[w.id] = w
            return .empty(204)
        },
        SimRoute("PATCH", "/v2/webinars/{webinarId}/livestream/status", "Update live stream status") { s, c throws(SimResponse) in
            var w = try s.webinar(c, unknown: 400)
            let (start, settings) = try statusBody(c)
            try setStatus(&w, start: start, settings: settings, now: c.now)
            s.webinars[w.id] = w
            return .empty(204)
        },
    ]

    mutating func admit(_ call: inout SimCall) throws(SimResponse) {
        guard call.signedIn else { return }
        guard let auth = call.request.header("authorization"), auth.hasPrefix("Bearer "),
              let expiry = tokens[String(auth.dropFirst(7))] else { throw Self.error(401, 124, "Invalid access token.") }
        guard expiry > call.now else { throw Self.error(401, 124, "Access token is expired.") }
        call.token = String(auth.dropFirst(7))
        if let wait = limiter.take(credentials.declared("zoomAccountId"), limit: Self.lightPerSecond, per: 1, now: call.now) {
            throw Self.error(429, 429, "You have exceeded the rate limit of 30 requests per second for Light APIs.").adding("Retry-After", String(wait))
        }
    }

    /// Every answer to a signed-in call carries the account's Light limit and what is left of it.
    func finish(_ answer: SimResponse, _ call: SimCall?) -> SimResponse {
        guard call?.token != nil else { return answer }
        let remaining = limiter.remaining(credentials.declared("zoomAccountId"), limit: Self.lightPerSecond, per: 1, now: call!.now)
        return answer.adding("X-RateLimit-Category", "Light").adding("X-RateLimit-Type", "QPS")
            .adding("X-RateLimit-Limit", String(Self.lightPerSecond)).adding("X-RateLimit-Remaining", String(remaining))
    }

    static func notFound(now: Date) -> SimResponse { error(404, 300, "Not found.") }
    static func methodNotAllowed(allowed: [String], now: Date) -> SimResponse { error(405, 300, "Method not allowed.") }
    static func tooLarge(now: Date) -> SimResponse { error(413, 300, "The request body is too large.") }

    // MARK: handlers

    /// The webinar the path names; an unknown one answers `unknown` (400 on the status call, as
    /// the seed lists, 404 elsewhere).
    private func webinar(_ c: SimCall, unknown: Int) throws(SimResponse) -> Webinar {
        guard let id = Int64(c["webinarId"]), id > 0 else { throw Self.error(400, 300, "Invalid Webinar Id.") }
        guard let w = webinars[id] else { throw Self.error(unknown, 3001, "Webinar does not exist: \(c["webinarId"]).") }
        guard w.hostExists else { throw Self.error(400, 1001, "User does not exist: host of webinar \(id).") }
        return w
    }

    private static func livestream(_ c: SimCall) throws(SimResponse) -> Livestream {
        let body = try body(c)
        var fields: [String: String] = [:]
        for name in ["stream_url", "stream_key", "page_url"] {
            guard let v = body[name]?.stringValue, !v.isEmpty else { throw validation(name, "\(name) is required.") }
            fields[name] = v
        }
        if let r = body["resolution"], r.stringValue.map({ ["720p", "1080p"].contains($0) }) != true {
            throw validation("resolution", "resolution must be 720p or 1080p.")
        }
        return Livestream(streamURL: fields["stream_url"]!, streamKey: fields["stream_key"]!, pageURL: fields["page_url"]!,
                          resolution: body["resolution"]?.stringValue)
    }

    private static func statusBody(_ c: SimCall) throws(SimResponse) -> (start: Bool, settings: [String: JSON]?) {
        let body = try body(c)
        guard let action = body["action"]?.stringValue, action == "start" || action == "stop" else {
            throw validation("action", "action must be one of start, stop.")
        }
        guard let raw = body["settings"] else { return (action == "start", nil) }
        guard let s = raw.objectValue,
              s["active_speaker_name"].map({ $0.boolValue != nil }) ?? true,
              s["display_name"].map({ $0.stringValue.map { $0.count <= 50 } ?? false }) ?? true else {
            throw validation("settings", "settings must be {active_speaker_name: boolean, display_name: string up to 50}.")
        }
        return (action == "start", s)
    }

    /// JSON, or the seed's form fields (multipart or urlencoded) with `settings` as a JSON string;
    /// the seed example's `settings` value carries a stray prefix before the `{`, which is skipped.
    private static func body(_ c: SimCall) throws(SimResponse) -> [String: JSON] {
        let fields: [String: String]?
        switch c.request.mediaType {
        case "application/json":
            guard let object = c.request.json?.objectValue else { throw invalidBody }
            return object
        case "multipart/form-data": fields = c.request.multipartFields
        case "application/x-www-form-urlencoded": fields = c.request.form
        default: throw invalidBody
        }
        guard let fields else { throw invalidBody }
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

    private mutating func oauth(_ c: SimCall) -> SimResponse {
        var params = c.request.query
        if c.request.mediaType == "application/x-www-form-urlencoded", let form = c.request.form { params.merge(form) { q, _ in q } }
        let expected = "Basic " + Data("\(credentials.declared("zoomClientId")):\(credentials.declared("zoomClientSecret"))".utf8).base64EncodedString()
        guard c.request.header("authorization") == expected else {
            return .json(401, ["reason": "Invalid client_id or client_secret", "error": "invalid_client"])
        }
        guard params["grant_type"] == "account_credentials" else {
            return .json(400, ["reason": "Unsupported grant type", "error": "unsupported_grant_type"])
        }
        guard params["account_id"] == credentials.declared("zoomAccountId") else {
            return .json(400, ["reason": "Invalid request : Account ID is invalid.", "error": "invalid_request"])
        }
        let token = Token.make("zoom-", length: 64)
        tokens[token] = c.now.addingTimeInterval(Self.tokenLifetime)
        return .json(200, ["access_token": .string(token), "token_type": "bearer", "expires_in": .int(Int64(Self.tokenLifetime)),
                           "scope": "webinar:read:admin webinar:write:admin", "api_url": "https://api.zoom.us"])
    }

    // MARK: answers

    static let invalidBody = error(400, 300, "Request Body should be a valid JSON object.")

    static func validation(_ field: String, _ message: String) -> SimResponse {
        .json(400, ["code": 300, "message": "Validation Failed.", "errors": [["field": .string(field), "message": .string(message)]]])
    }

    static func error(_ status: Int, _ code: Int64, _ message: String) -> SimResponse {
        .json(status, ["code": .int(code), "message": .string(message)])
    }
}
