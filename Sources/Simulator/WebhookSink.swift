import Foundation

/// A Slack-compatible incoming webhook, for rehearsing and testing notifications: any path
/// under `/_sim/webhooks/` takes a POST and keeps it; `GET /_sim/webhooks` lists what came.
/// It answers as Slack does: `ok` for a JSON object with a non-empty `text`, 400
/// `invalid_payload` for a body that is not JSON, 400 `no_text` for one without text.
struct WebhookSink {
    private(set) var messages: [JSON] = []

    mutating func receive(path: String, body: [UInt8], time: Date) -> SimResponse {
        guard let json = JSON.parse(body), json.objectValue != nil else { return .text(400, "invalid_payload") }
        guard let text = json["text"]?.stringValue, !text.isEmpty else { return .text(400, "no_text") }
        messages.append(["path": .string(path), "text": .string(text), "payload": json, "time": .string(time.iso8601)])
        return .text(200, "ok")
    }

    mutating func clear() { messages = [] }
}
