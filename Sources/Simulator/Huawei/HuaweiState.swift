import Foundation

/// Huawei Cloud Meeting live broadcast (seeds/huawei-meeting-live-broadcast.txt, platforms.md "Huawei").
///
/// Choices of ours [I] (the codes are Huawei-style, not copied from its table):
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

        var hasLiveAddress: Bool { recordType == 1 || recordType == 3 }
    }

    static let tokenLifetime: TimeInterval = 30 * 60
    static let callsPerMinute = 100
    var conferences: [String: Conference] = [:]
    var order: [String] = []
    var tokens: [String: (conference: String, expiry: Date)] = [:]
    var limiter = RateLimiter()

    init(seed: HuaweiSeed, credentials: SimulatorCredentials, now: Date) {
        for c in seed.conferences {
            conferences[c.conferenceID] = Conference(id: c.conferenceID, subject: c.subject,
                                                     hostPassword: c.hostPassword ?? credentials.declared("huaweiHostPassword"),
                                                     recordType: c.recordType, started: c.started)
            order.append(c.conferenceID)
        }
    }

    mutating func revokeTokens() { tokens.removeAll() }
    mutating func limitRates(_ on: Bool) { limiter.enabled = on }

    /// Seed: isLive "0: Stop live broadcast. 1: Start live broadcast."
    static func setLive(_ conf: inout Conference, _ live: Bool) throws(SimResponse) {
        if live {
            guard conf.hasLiveAddress else { throw error(403, "MMC.111072009", "No live address is configured for this conference.") }
            guard conf.started else { throw error(400, "MMC.111071001", "The conference has not started.") }
        }
        conf.isLive = live
    }

    var snapshot: JSON {
        ["conferences": .array(order.compactMap { conferences[$0] }.map { c in
            ["conferenceID": .string(c.id), "subject": .string(c.subject), "recordType": .int(Int64(c.recordType)),
             "started": .bool(c.started), "isLive": .int(c.isLive ? 1 : 0)]
        })]
    }

    var violations: [String] {
        conferences.values.compactMap { c in c.isLive && !c.hasLiveAddress ? "huawei \(c.id): live without a live address" : nil }
    }
}
