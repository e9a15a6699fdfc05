import ControlAPI
import Foundation
import LuaHost
import Platforms
import ShowEngine
import Synchronization
import Testing

/// The control page in headless Chromium, against a show running on the real clock with the
/// simulator as its platforms, served by the control API as `showcall run --control` serves it.
@Suite("The control page in a real browser", .serialized)
struct ControlPageTests {
    static let show = """
        local show = require "showcall.show"
        local vbrick = require "showcall.vbrick"
        local webcast = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
        local s = show.new("town hall")
        s:step("preproduction", { run = show.action("pre-production", function() return webcast:start{ pre_production = true } end) })
        s:step("go live", { cue = "Director's GO", run = show.action("live", function() return webcast:start() end) })
        s:step("q and a", { after = 5 })
        s:step("off air", { after = 600, run = show.action("end", function() return webcast:stop() end) })
        return s:run()
        """

    /// Where the test run leaves what it makes (not committed: `.build/` is ignored).
    static let output = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-output")

    /// Runs the show on a thread of its own with a control server; `drive` gets the server and
    /// must end the show. Returns the show's log.
    func withShow(token: String? = nil, viewToken: String? = nil,
                  drive: @escaping @Sendable (ControlServer) async throws -> Void) async throws -> [String] {
        let rig = try await PlatformRig()
        let (servers, sink) = AsyncStream<ControlServer>.makeStream()
        let log = Mutex<[String]>([])
        let show = Task {
            try await PlatformRig.onThread {
                let engine = try PlatformRig.engine(PlatformDirectory(profile: rig.profile)) { line in log.withLock { $0.append(line) } }
                PlainLog.attach(to: engine)
                engine.scheduler.operatorsListening = true
                let server = try ControlServer.start(engine: engine, settings: .init(port: 0, token: token, viewToken: viewToken))
                defer { server.stop() }
                sink.yield(server)
                // A show the test fails to end is aborted after two minutes instead of hanging.
                let hub = engine.hub
                engine.scheduler.addTimer(at: engine.clock.now + 120_000_000_000) { hub.send(.abort) { _ in } }
                _ = try engine.run(Self.show, name: "=show")
            }
        }
        var next = servers.makeAsyncIterator()
        let server = try #require(await next.next())
        try await drive(server)
        try await show.value
        await rig.stop()
        return log.withLock { $0 }
    }

    @Test("steps render, the countdown moves, GO releases the cue, HOLD stops the show, the stream comes back after a drop, ABORT asks first")
    func showDay() async throws {
        let log = try await withShow { server in
            try await Browser.with { page in
                try await page.open("http://127.0.0.1:\(server.port)/")
                try await page.waitUntil("return document.querySelectorAll('#steps tbody tr').length === 4", "the four steps")
                let names = try await page.run("return [...document.querySelectorAll('#steps tbody tr')].map(r => r.dataset.step)")
                #expect(names as? [String] == ["preproduction", "go live", "q and a", "off air"])
                try await page.waitUntil("return document.getElementById('countdown').textContent === 'WAITING FOR GO'", "waiting for GO")
                try await page.waitUntil("return document.getElementById('calls').textContent.includes('vbrick.event:start ✓')", "the pre-production call")
                #expect(try await page.text("#outputs").contains("started"))
                try await page.click("#go")
                try await page.waitUntil("const r = document.querySelector('tr.current'); return !!r && r.dataset.step === 'q and a'", "the step after GO")
                #expect(try await page.run("return document.querySelector('tr[data-step=\"go live\"]').cells[2].textContent") as? String == "done")
                let before = try await page.text("#countdown")
                try await Task.sleep(for: .milliseconds(1300))
                let after = try await page.text("#countdown")
                #expect(before.hasPrefix("00:00:0") && after.hasPrefix("00:00:0") && after < before, "\(before) then \(after)")
                try await page.screenshot(to: Self.output.appendingPathComponent("control-page.png"))

                try await page.click("#hold")
                try await page.waitUntil("return document.getElementById('countdown').textContent === 'HOLD'", "HOLD")
                // Past the step's planned start: on hold, the show does not move on.
                try await Task.sleep(for: .seconds(5))
                #expect(try await page.run("return document.querySelector('tr.current').dataset.step") as? String == "q and a")
                #expect(try await page.run("return document.querySelector('tr[data-step=\"off air\"]').cells[2].textContent") as? String == "pending")

                try await page.run("""
                    window.sawDrop = false;
                    new MutationObserver(() => { if (document.getElementById('link').textContent !== 'CONNECTED') window.sawDrop = true; })
                      .observe(document.getElementById('link'), { childList: true, characterData: true, subtree: true });
                    """)
                server.dropStreams()
                try await page.waitUntil("return window.sawDrop && document.getElementById('link').textContent === 'CONNECTED'", "the stream back")
                try await page.click("#hold") // RESUME, seen through the new stream
                try await page.waitUntil("return document.getElementById('countdown').textContent !== 'HOLD' && document.getElementById('hold-text').textContent === 'HOLD'", "RESUME")

                try await page.click("#abort")
                #expect(try await page.run("return document.getElementById('confirm').hidden") as? Bool == false)
                try await page.click("#confirm-no")
                #expect(try await page.run("return document.getElementById('confirm').hidden") as? Bool == true)
                try await page.click("#abort")
                try await page.click("#confirm-yes")
                try await page.waitUntil("return document.getElementById('next-label').textContent === 'Show aborted'", "the show aborted")
            }
        }
        #expect(log.contains { $0.hasSuffix("SHOW  GO") })
        #expect(log.contains { $0.hasSuffix("SHOW  HOLD") })
        #expect(log.last?.contains("show 'town hall' aborted") == true)
    }

    @Test("the read-only link shows the show without controls; on a phone the page fits the screen")
    func viewLinkAndPhone() async throws {
        _ = try await withShow(token: "s3cret", viewToken: "v1ew") { server in
            try await Browser.with(width: 390, height: 844) { page in
                try await page.open("http://127.0.0.1:\(server.port)/?view=v1ew")
                try await page.waitUntil("return document.querySelectorAll('#steps tbody tr').length === 4", "the steps, read-only")
                #expect(try await page.run("return getComputedStyle(document.getElementById('controls')).display") as? String == "none")
                try await page.open("http://127.0.0.1:\(server.port)/?token=s3cret")
                try await page.waitUntil("return document.getElementById('countdown').textContent === 'WAITING FOR GO'", "waiting for GO")
                #expect(try await page.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
                #expect(try await page.run("const r = document.getElementById('go').getBoundingClientRect(); return r.width > 0 && r.right <= window.innerWidth") as? Bool == true)
                try await page.click("#abort")
                try await page.click("#confirm-yes")
                try await page.waitUntil("return document.getElementById('next-label').textContent === 'Show aborted'", "the show aborted")
            }
        }
    }
}
