/// The OpenAPI document served at `/<platform>/openapi.json`: the routes this simulator answers,
/// in the platform's own paths, so a client author can see the simulated surface at a glance.
enum OpenAPI {
    static let routes: [Platform: [(method: String, path: String, summary: String)]] = [
        .vbrick: [
            ("post", "/api/v2/authenticate", "Authenticate with {apiKey, secret}"),
            ("post", "/api/v2/user/login", "Log in with {username, password}"),
            ("post", "/api/v2/auth/extend-session-timeout/{apiKey}", "Extend an API-key session"),
            ("get", "/api/v2/scheduled-events/{eventId}", "Event details"),
            ("get", "/api/v2/scheduled-events/{eventId}/status", "Event status"),
            ("put", "/api/v2/scheduled-events/{eventId}/start", "Start an event (body {preProduction})"),
            ("delete", "/api/v2/scheduled-events/{eventId}/start", "End an event (query preProduction)"),
            ("put", "/api/v2/scheduled-events/{eventId}/broadcast", "Start the broadcast"),
            ("delete", "/api/v2/scheduled-events/{eventId}/broadcast", "End the broadcast"),
            ("put", "/api/v2/scheduled-events/{eventId}/record", "Start recording"),
            ("delete", "/api/v2/scheduled-events/{eventId}/record", "Stop recording"),
        ],
        .convey: [
            ("post", "/api/authenticate", "Get a new token (form username, password)"),
            ("post", "/api/event/create", "Create an event (form token, event_data)"),
            ("post", "/api/event/update", "Update an event (form token, event_data with event_id)"),
            ("post", "/api/event/status", "Event status (form token, event_id)"),
            ("post", "/api/folder/tree", "Folder tree (form token, folder_id?)"),
        ],
        .webex: [
            ("post", "/v1/access_token", "Refresh an integration access token"),
            ("get", "/v1/meetings/{meetingId}", "Meeting details and state"),
            ("get", "/v1/meetings/controls", "Get meeting control status (query meetingId)"),
            ("put", "/v1/meetings/controls", "Update meeting control status (query meetingId)"),
        ],
        .zoom: [
            ("post", "/oauth/token", "Server-to-Server OAuth token"),
            ("get", "/v2/webinars/{webinarId}", "Webinar details"),
            ("get", "/v2/webinars/{webinarId}/livestream", "Get live stream details"),
            ("patch", "/v2/webinars/{webinarId}/livestream", "Update live stream details"),
            ("patch", "/v2/webinars/{webinarId}/livestream/status", "Update live stream status"),
        ],
        .huawei: [
            ("get", "/v1/mmc/control/conferences/token", "Obtain or renew a meeting control token"),
            ("put", "/v1/mmc/control/conferences/live", "Start or stop live broadcast"),
            ("get", "/v1/mmc/control/conferences/realTimeInfo", "Real-time meeting information"),
        ],
    ]

    static func document(_ platform: Platform, baseURL: String) -> JSON {
        var paths: [String: JSON] = [:]
        for r in routes[platform] ?? [] {
            var item = paths[r.path]?.objectValue ?? [:]
            item[r.method] = ["summary": .string(r.summary), "responses": ["default": ["description": "See the platform document."]]]
            paths[r.path] = .object(item)
        }
        return ["openapi": "3.0.0", "info": ["title": .string("ShowCall simulator: \(platform.rawValue)"), "version": "1.0.0"],
                "servers": [["url": .string(baseURL)]], "paths": .object(paths)]
    }
}
