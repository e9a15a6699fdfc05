import Foundation

/// Huawei Cloud Meeting live broadcast (seeds/huawei-meeting-live-broadcast.txt, platforms.md "Huawei").
///
/// Every answer carries `X-Request-Id`; errors are `{error_code, error_msg}`. Choices of ours [I]
/// (the codes are Huawei-style, not copied from its table):
/// - 400 MMC.111070001 invalid parameters (missing conferenceID, isLive not 0 or 1, bad JSON);
///   400 MMC.111070005 unknown conference; 400 MMC.111071001 token asked for a meeting not started.
/// - 401 USG.000000004 wrong host password, missing, invalid or expired control token.
/// - 403 MMC.111072009 the token belongs to another conference, or the meeting has no live
///   address (recordType other than 1 or 3).
/// - Each API allows 100 calls a minute (the `X-APIG-Ratelimit-Api` example of platforms.md); every
///   answer carries that header, and over the limit API Gateway's 429 APIGW.0308 answers.
struct HuaweiState {
    struct Conference {
        var id: String
        var subject: String
        var hostPassword: String
        var recordType: Int
        var started: Bool
        var isLive = false
    }

    static let tokenLifetime: TimeInterval = 30 * 60
    static let callsPerMinute = 100
    var conferences: [String: Conference] = [:]
    var order: [String] = []
    var tokens: [String: (conference: String, expiry: Date)] = [:]
    var limiter = RateLimiter()

    init(seed: HuaweiSeed, creds: SimulatorCredentials) {
        for c in seed.conferences {
            conferences[c.conferenceID] = Conference(id: c.conferenceID, subject: c.subject,
                                                     hostPassword: c.hostPassword ?? creds.huaweiHostPassword,
                                                     recordType: c.recordType, started: c.started)
            order.append(c.conferenceID)
        }
    }

    mutating func revokeTokens() { tokens.removeAll() }

    mutating func handle(_ req: SimRequest, now: Date) -> SimResponse {
        let parts = req.pathComponents.map(String.init)
        guard parts.count == 5, Array(parts.prefix(4)) == ["v1", "mmc", "control", "conferences"],
              let allowed = ["token": "GET", "live": "PUT", "realTimeInfo": "GET"][parts[4]] else {
            return Self.error(404, "MMC.111070404", "The requested API does not exist.")
        }
        guard req.method == allowed else { return Self.error(405, "MMC.111070405", "Method not allowed.") }
        let api = parts[4]
        if let wait = limiter.take(api, limit: Self.callsPerMinute, per: 60, now: now) {
            return Self.error(429, "APIGW.0308", "The throttling threshold has been reached.")
                .adding("Retry-After", String(wait)).adding("X-APIG-Ratelimit-Api", "remain:0,limit:\(Self.callsPerMinute),time:1 minute")
        }
        let remain = limiter.remaining(api, limit: Self.callsPerMinute, per: 60, now: now)
        return control(req, parts, now: now)
            .adding("X-APIG-Ratelimit-Api", "remain:\(remain),limit:\(Self.callsPerMinute),time:1 minute")
    }

    private mutating func control(_ req: SimRequest, _ parts: [String], now: Date) -> SimResponse {
        guard let id = req.query["conferenceID"], !id.isEmpty else { return Self.error(400, "MMC.111070001", "conferenceID is required.") }
        guard var conf = conferences[id] else { return Self.error(400, "MMC.111070005", "The conference does not exist.") }

        if parts[4] == "token" {
            // Renewal: a valid control token in X-Conference-Authorization stands in for the password.
            if let presented = Self.controlToken(req) {
                guard let t = tokens[presented], t.expiry > now else { return Self.error(401, "USG.000000004", "The control token is invalid or expired.") }
                guard t.conference == id else { return Self.error(403, "MMC.111072009", "The token belongs to another conference.") }
            } else {
                guard req.header("X-Login-Type") == "1" else { return Self.error(400, "MMC.111070001", "X-Login-Type must be 1.") }
                guard req.header("X-Password") == conf.hostPassword else { return Self.error(401, "USG.000000004", "Wrong host password.") }
            }
            guard conf.started else { return Self.error(400, "MMC.111071001", "The conference has not started.") }
            let token = Token.make("stb", length: 48)
            let expiry = now.addingTimeInterval(Self.tokenLifetime)
            tokens[token] = (id, expiry)
            return .json(200, ["data": ["token": .string(token), "tokenCreateTime": .int(now.epochMilliseconds),
                                        "expireTime": .int(expiry.epochMilliseconds), "role": 1],
                               "httpCode": 200], contentType: Self.contentType)
        }

        guard let presented = Self.controlToken(req), let t = tokens[presented], t.expiry > now else {
            return Self.error(401, "USG.000000004", "The control token is missing, invalid or expired.")
        }
        guard t.conference == id else { return Self.error(403, "MMC.111072009", "The token belongs to another conference.") }

        if parts[4] == "realTimeInfo" {
            return .json(200, ["confInfo": ["conferenceID": .string(conf.id), "subject": .string(conf.subject),
                                            "isLive": .int(conf.isLive ? 1 : 0), "recordType": .int(Int64(conf.recordType)),
                                            "confState": conf.started ? "Created" : "Schedule"],
                               "attendees": [], "participants": []], contentType: Self.contentType)
        }
        guard req.mediaType == "application/json", let body = req.json?.objectValue else {
            return Self.error(400, "MMC.111070001", "The body must be a JSON object.")
        }
        // Seed: isLive "0: Stop live broadcast. 1: Start live broadcast." Mandatory, Integer.
        guard let live = body["isLive"], case .int(let value) = live, value == 0 || value == 1 else {
            return Self.error(400, "MMC.111070001", "isLive must be the integer 0 or 1.")
        }
        if value == 1 {
            guard conf.recordType == 1 || conf.recordType == 3 else {
                return Self.error(403, "MMC.111072009", "No live address is configured for this conference.")
            }
            guard conf.started else { return Self.error(400, "MMC.111071001", "The conference has not started.") }
        }
        conf.isLive = value == 1
        conferences[id] = conf
        return SimResponse(status: 200, headers: [("Content-Type", Self.contentType)])
    }

    /// Official examples send the raw token; a `Basic ` prefix is accepted too [I].
    private static func controlToken(_ req: SimRequest) -> String? {
        guard let raw = req.header("X-Conference-Authorization"), !raw.isEmpty else { return nil }
        return raw.hasPrefix("Basic ") ? String(raw.dropFirst(6)) : raw
    }

    static let contentType = "application/json;charset=UTF-8"

    static func error(_ status: Int, _ code: String, _ message: String) -> SimResponse {
        .json(status, ["error_code": .string(code), "error_msg": .string(message)], contentType: contentType)
    }

    var snapshot: JSON {
        .array(order.compactMap { conferences[$0] }.map { c in
            ["conferenceID": .string(c.id), "subject": .string(c.subject), "recordType": .int(Int64(c.recordType)),
             "started": .bool(c.started), "isLive": .int(c.isLive ? 1 : 0)]
        })
    }

    var violations: [String] {
        conferences.values.compactMap { c in
            c.isLive && !(c.recordType == 1 || c.recordType == 3) ? "huawei \(c.id): live without a live address" : nil
        }
    }
}

extension HuaweiState: SimulatedPlatform {
    static let platform = Platform.huawei
    init(seed: SimulatorSeed, now: Date) { self.init(seed: seed.huawei, creds: seed.credentials) }
    /// Every Huawei answer carries a request id; the host password is in the state, not in `creds`.
    mutating func handle(_ req: SimRequest, _ creds: SimulatorCredentials, now: Date) -> SimResponse {
        handle(req, now: now).adding("X-Request-Id", Token.make(length: 32))
    }
    mutating func limitRates(_ on: Bool) { limiter.enabled = on }
    var snapshotEntry: JSON { ["conferences": snapshot] }
    static func tooLarge(now: Date) -> SimResponse {
        error(413, "MMC.111070001", "The request body is too large.").adding("X-Request-Id", Token.make(length: 32))
    }
}
