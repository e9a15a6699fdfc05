import Foundation
import LuaHost
import ShowEngine

/// `require "showcall.http"`: `http.post(url, body, {headers=, timeout=})`, for webhooks
/// (`showcall.notify` builds on it). Like a platform verb, the call suspends only its task.
///
/// A webhook URL is a secret (Slack's carries its token in the path), so errors and the control
/// page name only the scheme and host. A rehearsal never posts beyond this machine: it refuses
/// any host but loopback, where the simulator and test doubles listen.
enum HTTPModule {
    static let defaultTimeout: Duration = .seconds(10)

    static func functions(_ context: PlatformContext, mode: Engine.Mode) -> [LuaModuleFunction] {
        [
            LuaModuleFunction("post", doc: "Sends body (a string) by POST; returns {status=, body=}. Raises only when no answer came. Outside a real run only loopback hosts are reached.",
                              params: [.init("url", "string"), .init("body", "string"),
                                       .init("options", "{headers?: table<string, string>, timeout?: number}?")],
                              returns: ["{status: integer, body: string}"]) { call in
                let url = try call.argument(1, as: String.self)
                guard let target = WebTarget(url) else {
                    throw PlatformInputError(field: "argument #1 to '\(call.name)'", rule: WebAddress.rule)
                }
                if mode != .run, !target.isLoopback {
                    throw PlatformInputError(field: "http.post to \(target.redacted)",
                                             rule: "is refused in a \(mode.rawValue): it never posts beyond this machine (only 127.0.0.1 or localhost)")
                }
                // Whatever else reports this call (the control page, a journal) redacts them too.
                for secret in target.secrets { Secrets.register(secret) }
                let body = try call.argument(2, as: LuaString.self).bytes
                let options = try CallOptions(call, 3, known: ["headers"])
                var request = WireRequest("POST", "")
                request.body = body
                for (name, value) in try headers(options, call.name) { request.headers.append((name, value)) }
                let deadline = ContinuousClock.now + (options.timeout ?? defaultTimeout)
                return try context.run(call) { [request] in
                    // A post may be a message someone reads: once, so its intent is durable first.
                    await IntentDurability.beforeChange()
                    let response: WireResponse
                    do {
                        response = try await PlatformHTTP.shared.send(request, base: url, deadline: deadline)
                    } catch {
                        throw PlatformError(platform: "http", operation: "POST \(target.redacted)",
                                            message: "no answer: \(target.redact(String(describing: error)))", retryable: true)
                    }
                    var result = LuaTable()
                    result["status"] = .integer(Int64(response.status))
                    result["body"] = .string(LuaString(bytes: response.body))
                    return .table(result)
                }
            },
        ]
    }

    private static func headers(_ options: CallOptions, _ function: String) throws -> [(String, String)] {
        guard case .table(let table) = options.value("headers") else {
            if options.value("headers") == .nil { return [] }
            throw PlatformInputError(field: "option 'headers' of '\(function)'", rule: "must be a table of name = value strings")
        }
        return try table.hash.map { key, value in
            guard case .string(let name) = key, case .string(let text) = value else {
                throw PlatformInputError(field: "option 'headers' of '\(function)'", rule: "must be a table of name = value strings")
            }
            return (name.description, text.description)
        }.sorted { $0.0 < $1.0 }
    }
}

/// A webhook's URL as far as it may be shown: scheme, host and port (`WebAddress`); the path
/// and query may hold a token, the user-info a password.
struct WebTarget {
    let url: String
    let host: String
    let redacted: String
    /// What the journal and the page must never show: the user-info and what follows the host
    /// and port.
    let secrets: [String]

    init?(_ url: String) {
        guard let address = WebAddress(url) else { return nil }
        self.url = url
        host = address.host
        redacted = address.shown + (address.tail == nil ? "" : "/[redacted]")
        secrets = [address.userInfoSecret, address.tail].compactMap { $0 }
    }

    var isLoopback: Bool { ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased()) }

    /// `text` with the whole URL, should an error repeat it, replaced by its shown form.
    func redact(_ text: String) -> String {
        text.replacingOccurrences(of: url, with: redacted)
    }
}
