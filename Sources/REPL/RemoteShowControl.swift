import AsyncHTTPClient
import Foundation
import LuaHost
import NIOCore
import NIOHTTP1
import ShowEngine

/// A show running in another process, through its control API (`showcall run --control`):
/// commands are POSTs, the state is `GET /state`, and the event stream is followed and
/// re-opened by itself after a drop. The token, if any, travels only in the Authorization
/// header and is never printed.
final class RemoteShowControl: ShowControl, @unchecked Sendable {
    let target: String
    private let token: String?
    private let loop: LuaRunLoop
    private var following: Task<Void, Never>?

    /// `address` is a URL (`http://host:port`) or `host:port`, or a port on loopback.
    init(address: String, token: String?, loop: LuaRunLoop) throws {
        var base = address
        if Int(base) != nil { base = "127.0.0.1:" + base }
        if !base.contains("://") { base = "http://" + base }
        while base.hasSuffix("/") { base.removeLast() }
        // The token travels in its header; an address holding a password would print it.
        guard let checked = WebAddress(base), checked.userInfo == nil else {
            let named = address.lastIndex(of: "@").map { String(address[address.index(after: $0)...]) } ?? address
            throw ControlFailure(description: "'\(named)' is not a control API address (http://HOST:PORT, HOST:PORT or PORT, the port from 1 to 65535, no user or password: the token goes in --token)")
        }
        target = base
        self.token = token
        self.loop = loop
    }

    func send(_ command: ShowCommand, reply: @escaping (String?) -> Void) {
        var path = "/" + command.name
        if let step = command.step {
            path += "/" + (step.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? step)
        }
        request(.POST, path) { result in
            switch result {
            case .success((200, let body)):
                // `{"ok": false, "ignored": "show is held"}`: the show took it and did nothing.
                let ignored = ShowStatusText.object(body)?["ignored"] as? String
                reply(ignored.map { "ignored: \($0)" })
            case .success((let status, let body)): reply(Self.problem(status, body))
            case .failure(let failure): reply(failure.description)
            }
        }
    }

    func state(reply: @escaping (Result<String, ControlFailure>) -> Void) {
        request(.GET, "/state") { result in
            switch result {
            case .success((200, let body)): reply(.success(body))
            case .success((let status, let body)): reply(.failure(ControlFailure(description: Self.problem(status, body))))
            case .failure(let failure): reply(.failure(failure))
            }
        }
    }

    /// Follows the event stream: `onEvent(type, json)` for each show event, `onNotice` for
    /// losing and regaining the stream. Both on the loop thread.
    func follow(onEvent: @escaping (String, String) -> Void, onNotice: @escaping (String) -> Void) {
        let event = UncheckedSendable(onEvent), notice = UncheckedSendable(onNotice)
        let loop = self.loop, target = self.target
        let request = makeRequest(.GET, "/events")
        following = Task {
            var lost = false
            while !Task.isCancelled {
                do {
                    let response = try await HTTPClient.shared.execute(request, deadline: .distantFuture)
                    guard response.status == .ok else {
                        let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
                        let problem = Self.problem(Int(response.status.code), body)
                        loop.post { notice.value("the event stream of \(target) refused: \(problem)") }
                        return
                    }
                    if lost { loop.post { notice.value("event stream of \(target) back") } }
                    lost = false
                    var pending = ""
                    for try await chunk in response.body {
                        pending += String(buffer: chunk)
                        while let end = pending.range(of: "\n\n") {
                            let (type, json) = Self.parseEvent(String(pending[..<end.lowerBound]))
                            pending.removeSubrange(..<end.upperBound)
                            // The state, the clock's ticks and the calls are the page's; the REPL prints the show's events.
                            if !["state", "tick", "ended", ShowEvent.platformCall].contains(type) { loop.post { event.value(type, json) } }
                        }
                    }
                } catch {}
                if Task.isCancelled { return }
                if !lost { loop.post { notice.value("lost the event stream of \(target); reconnecting") } }
                lost = true
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    func close() {
        following?.cancel()
        following = nil
    }

    private func makeRequest(_ method: HTTPMethod, _ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: target + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return request
    }

    private func request(_ method: HTTPMethod, _ path: String,
                         completion: @escaping (Result<(Int, String), ControlFailure>) -> Void) {
        let request = makeRequest(method, path)
        let done = UncheckedSendable(completion)
        let loop = self.loop, target = self.target
        Task {
            let result: Result<(Int, String), ControlFailure>
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                let body = try await response.body.collect(upTo: 1 << 22)
                result = .success((Int(response.status.code), String(buffer: body)))
            } catch {
                result = .failure(ControlFailure(description: "cannot reach \(target): \(error)"))
            }
            loop.post { done.value(result) }
        }
    }

    /// The control API's `{"error": {"code", "message"}}` (or a server from before that shape,
    /// `{"error": "..."}`), else the status and body.
    private static func problem(_ status: Int, _ body: String) -> String {
        if status == 401 { return "401: the control API needs a valid token (--token or $SHOWCALL_TOKEN)" }
        if let data = body.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            if let error = object["error"] as? String { return error }
        }
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        return "HTTP \(status)" + (text.isEmpty ? "" : ": " + text.prefix(200))
    }

    private static func parseEvent(_ block: String) -> (String, String) {
        var type = "message", data = ""
        for line in block.split(separator: "\n") {
            if line.hasPrefix("event:") { type = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("data:") { data += line.dropFirst(5).trimmingCharacters(in: .whitespaces) }
        }
        return (type, data)
    }
}
