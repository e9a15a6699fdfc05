import AsyncHTTPClient
import ControlAPI
import Foundation
import LuaHost
import NIOCore
import Platforms
import ShowEngine
import Synchronization
import Testing

/// The show-day surfaces in headless Chromium, against a show on the real clock with the
/// simulator as its platforms: the control page's clock, cues, over/under, truthful controls,
/// keys, outputs and end, and the stage timer. Each test leaves screenshots in
/// `.build/test-output/` for a reviewer.
@Suite("Show day in a real browser", .serialized)
struct ShowDayPageTests {
    static let show = """
        local show = require "showcall.show"
        local vbrick = require "showcall.vbrick"
        local webcast = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
        local s = show.new("town hall", { tz = "America/New_York" })
        s:step("preproduction", { run = show.action("pre-production", function() return webcast:start{ pre_production = true } end) })
        s:step("go live", { cue = "Director's GO", run = show.action("live", function() return webcast:start() end) })
        s:step("check", { run = show.action("read", function() return webcast:status() end) })
        s:step("q and a", { after = 600 })
        s:step("off air", { after = 600, run = show.action("end", function() return webcast:stop() end) })
        return s:run()
        """

    static let output = ControlPageTests.output

    /// Runs `script` on a thread of its own with a control server; `drive` gets the server and
    /// must end the show. Returns the show's log.
    func withShow(_ script: String = Self.show, tick: Duration = .seconds(1), rig given: PlatformRig? = nil,
                  drive: @escaping @Sendable (ControlServer) async throws -> Void) async throws -> [String] {
        let rig: PlatformRig
        if let given { rig = given } else { rig = try await PlatformRig() }
        let (servers, sink) = AsyncStream<ControlServer>.makeStream()
        let log = Mutex<[String]>([])
        let show = Task {
            try await PlatformRig.onThread {
                let engine = try PlatformRig.engine(PlatformDirectory(profile: rig.profile)) { line in log.withLock { $0.append(line) } }
                PlainLog.attach(to: engine)
                engine.scheduler.operatorsListening = true
                let server = try ControlServer.start(engine: engine, settings: .init(port: 0, token: "t0ken", viewToken: "v1ew", tick: tick))
                defer { server.stop() }
                sink.yield(server)
                let hub = engine.hub
                engine.scheduler.addTimer(at: engine.clock.now + 180_000_000_000) { hub.send(.abort) { _ in } }
                _ = try engine.run(script, name: "=show")
            }
        }
        var next = servers.makeAsyncIterator()
        let server = try #require(await next.next())
        try await drive(server)
        try await show.value
        if given == nil { await rig.stop() }
        return log.withLock { $0 }
    }

    static func post(_ server: ControlServer, _ path: String) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)\(path)")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer t0ken")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }

    /// The page's estimate of the server's time minus this machine's (the server's) clock, in seconds.
    static func clockError(_ page: Browser) async throws -> Double {
        let before = Date().timeIntervalSince1970
        let shown = try await page.run("return window.ShowCall.now()") as? Double ?? 0
        let after = Date().timeIntervalSince1970
        return shown < before ? shown - before : shown > after ? shown - after : 0
    }

    @Test("after 60 s without a show event the page's clock is within 250 ms of the server's; the cue waits with its prompt and its waiting time")
    func clockAndWaitingForGo() async throws {
        _ = try await withShow { server in
            // A page already open, and one opened after a minute of silence: both set their
            // clocks by the server's time now, not by the time of the last event.
            try await Browser.with { early in
                try await early.open("http://127.0.0.1:\(server.port)/?token=t0ken")
                try await early.waitUntil("return document.getElementById('countdown').textContent === 'WAITING FOR GO'", "waiting for GO")
                try await Task.sleep(for: .seconds(60))
                #expect(abs(try await Self.clockError(early)) < 0.25)
                try await Browser.with { page in
                    try await page.open("http://127.0.0.1:\(server.port)/?token=t0ken")
                    try await page.waitUntil("return document.getElementById('countdown').textContent === 'WAITING FOR GO'", "waiting for GO")
                    try await page.waitUntil("return Math.abs(window.ShowCall.now() - Date.now() / 1000) < 0.25", "a clock sample")
                    let error = try await Self.clockError(page)
                    #expect(abs(error) < 0.25, "the page's clock is \(error) s off")
                    let cue = try await page.text("#cue")
                    #expect(cue.hasPrefix("Director's GO · waiting 00:01:0"), "\(cue)")
                    #expect(try await page.text("#state") == "WAITING FOR GO")
                    #expect(try await page.text("#clock").contains(try Regex(#"^\d{2}:\d{2}:\d{2} E[SD]T$"#)))
                    let row = try await page.run("return document.querySelector('tr[data-step=\"go live\"] .step-cue').textContent") as? String
                    #expect(row == "cue: Director's GO")
                    // GET /state: the server's time and countdowns as of the answer.
                    let state = try await page.run("""
                        return (async () => {
                          const r = await fetch('/state?token=t0ken'); const s = (await r.json())[0];
                          return [Number(r.headers.get('ShowCall-Now')), s.now, s.waiting, Date.now() / 1000];
                        })()
                        """) as? [Double] ?? []
                    #expect(state.count == 4 && abs(state[0] - state[3]) < 0.5 && abs(state[1] - state[3]) < 0.5 && state[2] > 60, "\(state)")
                    try await page.screenshot(to: Self.output.appendingPathComponent("waiting-for-go.png"))
                }
            }
            _ = try await Self.post(server, "/abort")
        }
    }

    @Test("a link that carries no tick for a few seconds is shown as stale, the clock struck through; ticks bring it back")
    func staleLink() async throws {
        // Ticks every 6 s: the page hears the server's time, then silence for longer than it trusts.
        _ = try await withShow(tick: .seconds(6)) { server in
            try await Browser.with { page in
                try await page.open("http://127.0.0.1:\(server.port)/?token=t0ken")
                try await page.waitUntil("return document.getElementById('link').textContent === 'CONNECTED'", "connected")
                try await page.waitUntil("return document.getElementById('link').textContent.startsWith('STALE')", "stale")
                #expect(try await page.run("return getComputedStyle(document.getElementById('clock')).textDecorationLine") as? String == "line-through")
                try await page.screenshot(to: Self.output.appendingPathComponent("stale-link.png"))
                try await page.waitUntil("return document.getElementById('link').textContent === 'CONNECTED'", "the next tick")
                #expect(try await page.run("return getComputedStyle(document.getElementById('clock')).textDecorationLine") as? String == "none")
            }
            _ = try await Self.post(server, "/abort")
        }
    }

    @Test("GO during HOLD is answered as ignored and shown; the GO button is disabled; the buttons never move")
    func ignoredGo() async throws {
        let log = try await withShow { server in
            try await Browser.with { page in
                try await page.open("http://127.0.0.1:\(server.port)/?token=t0ken")
                try await page.waitUntil("return document.getElementById('countdown').textContent === 'WAITING FOR GO'", "waiting for GO")
                let layout = "return ['go','hold','skip','jump','abort'].map(id => JSON.stringify(document.getElementById(id).getBoundingClientRect())).join()"
                let before = try await page.run(layout) as? String
                #expect(try await page.run("return document.getElementById('go').disabled") as? Bool == false)
                try await page.click("#hold")
                try await page.waitUntil("return document.getElementById('hold-text').textContent === 'RESUME'", "RESUME offered")
                #expect(try await page.run("return document.getElementById('go').disabled") as? Bool == true)
                #expect(try await page.run("return document.getElementById('go').title") as? String == "show is held (RESUME first)")
                #expect(try await page.run(layout) as? String == before, "the buttons moved")
                // A GO from elsewhere (Companion, curl): the show ignores it and says why.
                let answer = try await Self.post(server, "/go")
                #expect(answer.contains(#""ok":false"#) && answer.contains(#""ignored":"show is held""#), "\(answer)")
                try await page.waitUntil("return document.getElementById('message').textContent.includes('GO ignored')", "the ignored GO")
                // G on the keyboard with GO disabled: said, not sent.
                try await page.key("g")
                try await page.waitUntil("return document.getElementById('message').textContent === 'GO is not available: show is held (RESUME first)'", "GO not available")
                try await page.screenshot(to: Self.output.appendingPathComponent("ignored-go.png"))
                try await page.click("#hold")
                try await page.waitUntil("return document.getElementById('go').disabled === false", "GO enabled again")
                _ = try await Self.post(server, "/abort")
                try await page.waitUntil("return document.getElementById('state').textContent === 'ABORTED'", "aborted")
            }
        }
        #expect(log.contains { $0.hasSuffix("SHOW  GO ignored: the show is on HOLD (RESUME first)") })
        #expect(!log.contains { $0.contains("step 'go live' started") })
    }

    @Test("keyboard: space is GO, A asks and Y aborts; a late GO shows over/under; outputs after calls and a read; the ended run stops reconnecting")
    func keysOverUnderOutputsAndEnd() async throws {
        let log = try await withShow { server in
            try await Browser.with(width: 1280, height: 900) { page in
                try await page.open("http://127.0.0.1:\(server.port)/?token=t0ken")
                try await page.waitUntil("return document.getElementById('countdown').textContent === 'WAITING FOR GO'", "waiting for GO")
                // The jump list offers the next pending step first.
                #expect(try await page.run("return document.getElementById('jump-step').options[0].value") as? String == "go live")
                // At least 2 s late: a loaded machine's page may read 3 s at its first look after 1 s.
                try await page.waitUntil("""
                    const m = document.getElementById('overunder').textContent.match(/^Over\\/under \\+00:(\\d\\d):(\\d\\d) late/);
                    return !!m && Number(m[1]) * 60 + Number(m[2]) >= 2
                    """, "late by 2 s or more")
                try await page.key(" ")
                try await page.waitUntil("const r = document.querySelector('tr.current'); return !!r && r.dataset.step === 'q and a'", "the steps after GO")
                let late = try await page.run("return document.querySelector('tr[data-step=\"go live\"]').cells[5].textContent") as? String ?? ""
                #expect(late.hasPrefix("+00:") && late.hasSuffix("late") && !late.hasPrefix("+00:00:00"), "\(late)")
                #expect(try await page.run("return document.getElementById('jump-step').options[0].value") as? String == "q and a")
                // Outputs: the webcast started by a call, then read from the platform.
                try await page.waitUntil("return document.getElementById('outputs').textContent.includes('(read at')", "the read")
                let outputs = try await page.text("#outputs")
                #expect(outputs.contains("vbrick event 6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c: InProgress (read at"), "\(outputs)")
                #expect(try await page.text("#onair").hasPrefix("ON AIR"))
                try await page.screenshot(to: Self.output.appendingPathComponent("control-page-running.png"))
                try await page.key("a")
                #expect(try await page.run("return document.getElementById('confirm').hidden") as? Bool == false)
                try await page.key("\u{E00C}") // Escape
                #expect(try await page.run("return document.getElementById('confirm').hidden") as? Bool == true)
                try await page.key("a")
                try await page.key("y")
                try await page.waitUntil("return document.getElementById('state').textContent === 'ABORTED'", "aborted")
                #expect(try await page.run("return ['go','hold','skip','jump','abort'].every(id => document.getElementById(id).disabled)") as? Bool == true)
                // What the abort left unstarted does not read "pending".
                #expect(try await page.run("return document.querySelector('tr[data-step=\"off air\"]').cells[2].textContent") as? String == "not run")
                try await page.waitUntil("return document.getElementById('link').textContent === 'RUN ENDED'", "the run's end")
                // The server is gone: the page says the run ended instead of reconnecting forever.
                try await Task.sleep(for: .seconds(3))
                #expect(try await page.text("#link") == "RUN ENDED")
                #expect(try await page.text("#countdown") == "ABORTED")
                try await page.screenshot(to: Self.output.appendingPathComponent("control-page-ended.png"))
            }
        }
        #expect(log.contains { $0.hasSuffix("SHOW  GO") })
        #expect(log.last?.contains("show 'town hall' aborted") == true)
    }

    @Test("a watched show's outputs say what the platform reports: read every second without the show asking, and a change made elsewhere shows")
    func watchedOutputs() async throws {
        let rig = try await PlatformRig()
        let webcast = "vbrick event 6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c"
        let script = """
            local show = require "showcall.show"
            local webcast = require("showcall.vbrick").event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
            local s = show.new("town hall", { watch = 1 })
            s:step("preproduction", { run = function() return webcast:start{ pre_production = true } end })
            s:step("q and a", { after = 600 })
            return s:run()
            """
        let log = try await withShow(script, rig: rig) { server in
            try await Browser.with(width: 1280, height: 900) { page in
                try await page.open("http://127.0.0.1:\(server.port)/?token=t0ken")
                // The show only started the webcast; what follows comes from the watch's reads.
                try await page.waitUntil("return document.getElementById('outputs').textContent.includes('(read at')", "a read by the watch")
                let first = try await page.text("#outputs")
                #expect(first.contains("\(webcast): "), "\(first)")
                // The show's calls stay the show's: the watch's reads are not listed among them.
                let calls = try await page.text("#calls")
                #expect(calls.contains("vbrick.event:start") && !calls.contains("vbrick.event:status"), "\(calls)")
                // Someone ends the pre-production elsewhere (another tool, the platform's own page).
                _ = try await rig.run("require('showcall.vbrick').event('6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c'):stop{ pre_production = true }")
                try await page.waitUntil("return document.getElementById('outputs').textContent.includes(': Scheduled (read at')", "the change, read")
                try await page.screenshot(to: Self.output.appendingPathComponent("watched-outputs.png"))
                _ = try await Self.post(server, "/abort")
                try await page.waitUntil("return document.getElementById('state').textContent === 'ABORTED'", "aborted")
            }
        }
        // The show made no read of its own: every status read was the watch's.
        let reads = try await rig.requests("vbrick").filter { $0.path.hasSuffix("/status") }.count
        await rig.stop()
        #expect(reads >= 2, "\(reads) status reads")
        #expect(log.contains { $0.contains("show 'town hall' aborted") })
    }

    @Test("the stage timer: one huge countdown, readable on a phone and on a 1920x1080 screen")
    func stage() async throws {
        _ = try await withShow { server in
            let fits = "return document.documentElement.scrollWidth <= window.innerWidth && document.getElementById('timer').getBoundingClientRect().right <= window.innerWidth"
            try await Browser.with(width: 390, height: 844) { page in
                try await page.open("http://127.0.0.1:\(server.port)/stage?view=v1ew")
                try await page.waitUntil("return document.getElementById('timer').textContent === 'WAITING FOR GO'", "waiting for GO")
                #expect(try await page.text("#prompt") == "Director's GO")
                #expect(try await page.run(fits) as? Bool == true)
                try await page.screenshot(to: Self.output.appendingPathComponent("stage-phone-cue.png"))
            }
            _ = try await Self.post(server, "/go")
            for (width, height, name) in [(390, 844, "stage-phone.png"), (1920, 1080, "stage-1080p.png")] {
                try await Browser.with(width: width, height: height) { page in
                    try await page.open("http://127.0.0.1:\(server.port)/stage?view=v1ew")
                    try await page.waitUntil("return /^00:\\d\\d:\\d\\d$/.test(document.getElementById('timer').textContent)", "a countdown")
                    let size = try await page.run("return parseFloat(getComputedStyle(document.getElementById('timer')).fontSize)") as? Double ?? 0
                    #expect(size >= Double(min(width, height)) * 0.18, "the timer is \(size) px")
                    #expect(try await page.run(fits) as? Bool == true)
                    #expect(try await page.text("#label") == "Next: q and a")
                    #expect(try await page.text("#overunder") != "")
                    #expect(try await page.text("#clock").contains(try Regex(#"\d{2}:\d{2}:\d{2} E[SD]T"#)))
                    try await page.screenshot(to: Self.output.appendingPathComponent(name))
                }
            }
            _ = try await Self.post(server, "/abort")
        }
    }
}
