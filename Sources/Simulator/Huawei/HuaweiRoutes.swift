import Foundation

extension Platform {
    public static let huawei = Platform(declaring: "huawei")
}

/// The simulated Huawei meeting control API: errors `{error_code, error_msg}`, every answer with
/// `X-Request-Id`; each API counts against its own limit; a conference's control token (from the
/// token route, with the host password) opens the others.
extension HuaweiState: SimulatedPlatform {
    static let platform = Platform.huawei

    static let routes: [SimRoute<HuaweiState>] = [
        SimRoute("GET", "/v1/mmc/control/conferences/token", "Obtain or renew a meeting control token", signedIn: false) { s, c throws(SimResponse) in
            try s.controlToken(c)
        },
        SimRoute("PUT", "/v1/mmc/control/conferences/live", "Start or stop live broadcast") { s, c throws(SimResponse) in
            var conf = try s.controlled(c)
            try setLive(&conf, try liveBody(c))
            s.conferences[conf.id] = conf
            return SimResponse(status: 200, headers: [("Content-Type", contentType)])
        },
        SimRoute("GET", "/v1/mmc/control/conferences/realTimeInfo", "Real-time meeting information") { s, c throws(SimResponse) in
            let conf = try s.controlled(c)
            return .json(200, ["confInfo": ["conferenceID": .string(conf.id), "subject": .string(conf.subject),
                                            "isLive": .int(conf.isLive ? 1 : 0), "recordType": .int(Int64(conf.recordType)),
                                            "confState": conf.started ? "Created" : "Schedule"],
                               "attendees": [], "participants": []], contentType: contentType)
        },
    ]

    /// Every API, the token's included, counts against its own limit.
    mutating func admit(_ call: inout SimCall) throws(SimResponse) {
        if let wait = limiter.take(call.route, limit: Self.callsPerMinute, per: 60, now: call.now) {
            throw Self.error(429, "APIGW.0308", "The throttling threshold has been reached.").adding("Retry-After", String(wait))
        }
    }

    /// Every answer has a request id; a routed one, what is left of its API's limit.
    func finish(_ answer: SimResponse, _ call: SimCall?) -> SimResponse {
        var r = answer
        if let call {
            let remain = limiter.remaining(call.route, limit: Self.callsPerMinute, per: 60, now: call.now)
            r = r.adding("X-APIG-Ratelimit-Api", "remain:\(remain),limit:\(Self.callsPerMinute),time:1 minute")
        }
        return r.adding("X-Request-Id", Token.make(length: 32))
    }

    static func notFound(now: Date) -> SimResponse { error(404, "MMC.111070404", "The requested API does not exist.") }
    static func methodNotAllowed(allowed: [String], now: Date) -> SimResponse { error(405, "MMC.111070405", "Method not allowed.") }
    static func tooLarge(now: Date) -> SimResponse {
        error(413, "MMC.111070001", "The request body is too large.").adding("X-Request-Id", Token.make(length: 32))
    }

    // MARK: handlers

    private func conference(_ c: SimCall) throws(SimResponse) -> Conference {
        guard let id = c.request.query["conferenceID"], !id.isEmpty else { throw Self.error(400, "MMC.111070001", "conferenceID is required.") }
        guard let conf = conferences[id] else { throw Self.error(400, "MMC.111070005", "The conference does not exist.") }
        return conf
    }

    /// The conference the query names, with a valid control token for it.
    private func controlled(_ c: SimCall) throws(SimResponse) -> Conference {
        let conf = try conference(c)
        guard let presented = Self.presentedToken(c), let t = tokens[presented], t.expiry > c.now else {
            throw Self.error(401, "USG.000000004", "The control token is missing, invalid or expired.")
        }
        guard t.conference == conf.id else { throw Self.error(403, "MMC.111072009", "The token belongs to another conference.") }
        return conf
    }

    /// Renewal: a valid control token in X-Conference-Authorization stands in for the password.
    private mutating func controlToken(_ c: SimCall) throws(SimResponse) -> SimResponse {
        let conf = try conference(c)
        if let presented = Self.presentedToken(c) {
            guard let t = tokens[presented], t.expiry > c.now else { throw Self.error(401, "USG.000000004", "The control token is invalid or expired.") }
            guard t.conference == conf.id else { throw Self.error(403, "MMC.111072009", "The token belongs to another conference.") }
        } else {
            guard c.request.header("X-Login-Type") == "1" else { throw Self.error(400, "MMC.111070001", "X-Login-Type must be 1.") }
            guard c.request.header("X-Password") == conf.hostPassword else { throw Self.error(401, "USG.000000004", "Wrong host password.") }
        }
        guard conf.started else { throw Self.error(400, "MMC.111071001", "The conference has not started.") }
        let token = Token.make("stb", length: 48)
        let expiry = c.now.addingTimeInterval(Self.tokenLifetime)
        tokens[token] = (conf.id, expiry)
        return .json(200, ["data": ["token": .string(token), "tokenCreateTime": .int(c.now.epochMilliseconds),
                                    "expireTime": .int(expiry.epochMilliseconds), "role": 1],
                           "httpCode": 200], contentType: Self.contentType)
    }

    /// Seed: isLive, mandatory, Integer, 0 or 1.
    private static func liveBody(_ c: SimCall) throws(SimResponse) -> Bool {
        guard c.request.mediaType == "application/json", let body = c.request.json?.objectValue else {
            throw error(400, "MMC.111070001", "The body must be a JSON object.")
        }
        guard let live = body["isLive"], case .int(let value) = live, value == 0 || value == 1 else {
            throw error(400, "MMC.111070001", "isLive must be the integer 0 or 1.")
        }
        return value == 1
    }

    /// Official examples send the raw token; a `Basic ` prefix is accepted too [I].
    private static func presentedToken(_ c: SimCall) -> String? {
        guard let raw = c.request.header("X-Conference-Authorization"), !raw.isEmpty else { return nil }
        return raw.hasPrefix("Basic ") ? String(raw.dropFirst(6)) : raw
    }

    static let contentType = "application/json;charset=UTF-8"

    static func error(_ status: Int, _ code: String, _ message: String) -> SimResponse {
        .json(status, ["error_code": .string(code), "error_msg": .string(message)], contentType: contentType)
    }
}
