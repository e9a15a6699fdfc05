import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// Headless Chromium through chromedriver's WebDriver API (plain HTTP and JSON): the page is
/// loaded, read and clicked as a person would.
final class Browser: @unchecked Sendable {
    private let driver = Process()
    private let base: String
    private let session: String

    /// Starts chromedriver on a port it picks and opens a headless window of the given size.
    init(width: Int = 1280, height: Int = 720) async throws {
        driver.executableURL = URL(fileURLWithPath: "/usr/bin/chromedriver")
        driver.arguments = ["--port=0"]
        let out = Pipe()
        driver.standardOutput = out
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        var text = ""
        while !text.contains("started successfully on port") || !text.hasSuffix("\n") {
            let data = out.fileHandleForReading.availableData
            guard !data.isEmpty else { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: "started successfully on port "), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            kill(driver.processIdentifier, SIGKILL)
            throw BrowserError("chromedriver did not start: \(text)")
        }
        base = "http://127.0.0.1:\(port)"
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=\(width),\(height)"],
            ],
        ]]]
        let answer = try await Self.send(base, "POST", "/session", capabilities)
        guard let id = (answer as? [String: Any])?["sessionId"] as? String else {
            kill(driver.processIdentifier, SIGKILL)
            throw BrowserError("no session: \(answer)")
        }
        session = id
    }

    /// Runs `body` with a fresh browser, closed afterwards whether it fails or not.
    static func with(width: Int = 1280, height: Int = 720, _ body: (Browser) async throws -> Void) async throws {
        let browser = try await started(width: width, height: height)
        do {
            try await body(browser)
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
    }

    /// A browser, started again when chromedriver exits at once: with several browser suites
    /// starting together on two cores, it sometimes prints its banner and exits (port 0).
    private static func started(width: Int, height: Int) async throws -> Browser {
        for _ in 1 ..< 3 {
            do { return try await Browser(width: width, height: height) } catch let error as BrowserError where error.description.hasPrefix("chromedriver did not start") {
                continue
            }
        }
        return try await Browser(width: width, height: height)
    }

    /// Closes the browser and stops chromedriver (which outlives a SIGTERM).
    func close() async {
        _ = try? await Self.send(base, "DELETE", "/session/\(session)", nil)
        _ = try? await Self.send(base, "GET", "/shutdown", nil)
        kill(driver.processIdentifier, SIGKILL)
        driver.waitUntilExit()
    }

    func open(_ url: String) async throws {
        _ = try await command("POST", "url", ["url": url])
    }

    /// Runs `script` in the page and returns what it returns.
    @discardableResult
    func run(_ script: String) async throws -> Any {
        try await command("POST", "execute/sync", ["script": script, "args": []])
    }

    func text(_ selector: String) async throws -> String {
        try await run("const e = document.querySelector(\(Self.quote(selector))); return e ? e.textContent : null") as? String ?? ""
    }

    /// Clicks the element as a mouse would (it must be visible and enabled).
    func click(_ selector: String) async throws {
        let found = try await command("POST", "element", ["using": "css selector", "value": selector])
        guard let element = (found as? [String: Any])?.values.first as? String else { throw BrowserError("no \(selector)") }
        _ = try await command("POST", "element/\(element)/click", [:])
    }

    /// Waits (up to 15 s) until `script` returns true; records the last value otherwise.
    func waitUntil(_ script: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var last = ""
        for _ in 0 ..< 150 {
            let value = try await run(script)
            if value as? Bool == true { return }
            last = String(describing: value)
            try await Task.sleep(for: .milliseconds(100))
        }
        let text = "the page never showed \(what) (last: \(last))"
        Issue.record(Comment(rawValue: text), sourceLocation: sourceLocation)
    }

    /// Presses a key on the page as a keyboard would ("g", " ", "\u{E00C}" for Escape).
    func key(_ value: String) async throws {
        _ = try await command("POST", "actions", ["actions": [["type": "key", "id": "keyboard", "actions": [
            ["type": "keyDown", "value": value], ["type": "keyUp", "value": value],
        ]]]])
    }

    func screenshot(to file: URL) async throws {
        guard let base64 = try await command("GET", "screenshot", nil) as? String, let png = Data(base64Encoded: base64) else {
            throw BrowserError("no screenshot")
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try png.write(to: file)
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any {
        try await Self.send(base, method, "/session/\(session)/\(path)", body)
    }

    private static func send(_ base: String, _ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = Data(buffer: try await response.body.collect(upTo: 32 << 20))
        let json = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let value = (json as? [String: Any])?["value"] ?? NSNull()
        if response.status.code >= 400 { throw BrowserError("\(method) \(path): \(value)") }
        return value
    }

    static func quote(_ s: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [s]), as: UTF8.self).dropFirst().dropLast().description
    }
}

struct BrowserError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
