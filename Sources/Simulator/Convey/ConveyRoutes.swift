import Foundation

extension Platform {
    public static let convey = Platform(declaring: "convey")
}

/// The simulated Convey API: every call a form POST answered HTTP 200 with the `convey_api`
/// envelope, `returnCode` 1 for success; every route but authenticate needs a `token` field.
extension ConveyState: SimulatedPlatform {
    static let platform = Platform.convey

    /// Calls per account a minute, by route: the seed's rate limits (authenticate has none).
    static let limits = ["/api/event/create": 100, "/api/event/update": 100, "/api/event/status": 500, "/api/folder/tree": 60]

    static let routes: [SimRoute<ConveyState>] = [
        SimRoute("POST", "/api/authenticate", "Get a new token (form username, password)", signedIn: false) { s, c throws(SimResponse) in s.authenticate(c) },
        SimRoute("POST", "/api/event/create", "Create an event (form token, event_data)") { s, c throws(SimResponse) in
            try s.save(c) { s, input throws(ConveyEventRules.Invalid) in try s.create(input) }
        },
        SimRoute("POST", "/api/event/update", "Update an event (form token, event_data with event_id)") { s, c throws(SimResponse) in
            try s.save(c) { s, input throws(ConveyEventRules.Invalid) in try s.update(input) }
        },
        SimRoute("POST", "/api/event/status", "Event status (form token, event_id)") { s, c throws(SimResponse) in
            guard let id = form(c)["event_id"].flatMap({ Int64($0) }), let e = s.events[id] else { throw fail(72, c.now) }
            return ok(["event_data": s.eventData(e, links: false)], c.now)
        },
        SimRoute("POST", "/api/folder/tree", "Folder tree (form token, folder_id?)") { s, c throws(SimResponse) in
            var root = s.homeFolderId
            if let raw = form(c)["folder_id"] {
                guard let id = Int64(raw), s.folders[id] != nil else { throw fail(72, c.now) }
                root = id
            }
            return ok(["folder_tree": s.tree(root)], c.now)
        },
    ]

    mutating func admit(_ call: inout SimCall) throws(SimResponse) {
        guard call.request.mediaType == "application/x-www-form-urlencoded", let form = call.request.form else { throw Self.fail(72, call.now) }
        guard call.signedIn else { return }
        guard let token = form["token"], let expiry = tokens[token], expiry > call.now else { throw Self.fail(12, call.now) }
        if form.values.contains(where: Self.hasTag) { throw Self.fail(70, call.now) }
        if let limit = Self.limits[call.route],
           limiter.take("\(credentials.declared("conveyUsername")) \(call.route)", limit: limit, per: 60, now: call.now) != nil {
            throw Self.fail(61, call.now)
        }
        call.token = token
    }

    static func notFound(now: Date) -> SimResponse { .json(404, envelope(["returnCode": 0, "error": "Unknown API."], now)) }
    static func methodNotAllowed(allowed: [String], now: Date) -> SimResponse {
        .json(405, envelope(["returnCode": 0, "error": "All requests must be HTTP POST requests."], now), contentType: contentType)
            .adding("Allow", allowed.joined(separator: ", "))
    }
    static func tooLarge(now: Date) -> SimResponse {
        .json(200, envelope(["returnCode": 72, "error": .string("The request body is too large.")], now), contentType: contentType)
    }

    // MARK: handlers

    private mutating func authenticate(_ c: SimCall) -> SimResponse {
        let form = Self.form(c)
        guard form["username"] == credentials.declared("conveyUsername"), form["password"] == credentials.declared("conveyPassword") else { return Self.fail(11, c.now) }
        let token = Token.make("convey-", length: 96)
        let expiry = c.now.addingTimeInterval(Self.tokenLifetime)
        tokens[token] = expiry
        return Self.ok(["authenticationData": ["token": .string(token), "token_expiration": .int(expiry.epochMilliseconds)]], c.now)
    }

    /// A create or update from the form's `event_data`: the event as saved, returnCode 2 with
    /// the reason when the account could not create all of it.
    private mutating func save(_ c: SimCall, _ body: (inout ConveyState, [String: JSON]) throws(ConveyEventRules.Invalid) -> Saved) throws(SimResponse) -> SimResponse {
        guard let input = Self.form(c)["event_data"].flatMap({ JSON.parse(Array($0.utf8)) })?.objectValue else { throw Self.fail(72, c.now) }
        let saved: Saved
        do { saved = try body(&self, input) } catch { throw Self.fail(72, c.now) }
        let data = eventData(saved.event, links: true)
        guard let partial = saved.partial else { return Self.ok(["event_data": data], c.now) }
        return Self.answer(["returnCode": 2, "error": .string(partial), "event_data": data], c.now)
    }

    /// The form, which the gate has read already.
    private static func form(_ c: SimCall) -> [String: String] { c.request.form ?? [:] }

    /// A markup tag: `<` then a letter, `/` or `!` (so "a < b" is not one).
    static func hasTag(_ s: String) -> Bool {
        var previousWasOpen = false
        for c in s.unicodeScalars {
            if previousWasOpen, CharacterSet.letters.contains(c) || c == "/" || c == "!" { return true }
            previousWasOpen = c == "<"
        }
        return false
    }

    // MARK: answers

    static let contentType = "application/json;charset=utf-8"
    static let messages: [Int64: String] = [
        0: "General Error", 70: "Oops!! Please remove any insecure tags from the input parameters and try again.", 11: "The User ID or Session ID is invalid.", 12: "The Token is invalid or expired.",
        61: "You have reached the limit on the number of calls you can run for an event. Please try again later.",
        72: "There were missing or invalid input parameters in your request.",
    ]

    static func envelope(_ result: [String: JSON], _ now: Date) -> JSON {
        ["convey_api": ["result": .object(result), "current_timestamp": .int(now.epochMilliseconds), "version": 3]]
    }

    private static func answer(_ result: [String: JSON], _ now: Date) -> SimResponse {
        .json(200, envelope(result, now), contentType: contentType)
    }

    private static func ok(_ result: [String: JSON], _ now: Date) -> SimResponse {
        var r = result
        r["returnCode"] = 1
        return answer(r, now)
    }

    static func fail(_ code: Int64, _ now: Date) -> SimResponse {
        answer(["returnCode": .int(code), "error": .string(messages[code] ?? "Error")], now)
    }
}
