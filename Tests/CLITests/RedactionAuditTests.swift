import Foundation
import Testing

/// The redaction audit: a full run touching every platform, with failures, error values
/// printed and raised, a control token and a stream key, must leave no configured secret in
/// standard output, standard error (the log), the journal or `showcall log`.
@Suite("redaction audit")
struct RedactionAuditTests {
    static let controlToken = "audit-control-token-7f3a9c"
    static let streamKey = "audit-stream-key-91b2e4"
    static let wrongPassword = "audit-wrong-password-55d1"
    /// The simulator's built-in credentials, configured in the profile below.
    static let profileSecrets = ["sim-vbrick-secret", "sim-convey-password", "sim-webex-personal-access-token",
                                 "sim-zoom-client-secret", "sim-huawei-host-password"]

    static let script = """
    local sc = require "showcall"
    local show = require "showcall.show"
    local vbrick, convey = require "showcall.vbrick", require "showcall.convey"
    local webex, zoom, huawei = require "showcall.webex", require "showcall.zoom", require "showcall.huawei"

    local function dump(v, indent)
      indent = indent or ""
      if type(v) ~= "table" then return tostring(v) end
      local parts = {}
      for k, x in pairs(v) do parts[#parts + 1] = indent .. "  " .. tostring(k) .. " = " .. dump(x, indent .. "  ") end
      return "{\\n" .. table.concat(parts, "\\n") .. "\\n" .. indent .. "}"
    end

    local ev = vbrick.event("6f2d1c7e-0b7a-4c1e-9a55-1d2e3f4a5b6c")
    local stream = zoom.webinar(68423085).livestream
    local s = show.new("Audit")
    s:step("configure", { run = function()
      stream:configure { stream_url = "rtmp://live.example/app", stream_key = "\(streamKey)", page_url = "https://example.com/live" }
      print("zoom stream:", dump(stream:status()))
    end })
    s:step("read everything", { run = function()
      print("vbrick:", dump(ev:status()))
      print("convey:", dump(convey.event(1000001):status()))
      print("webex:", dump(webex.meeting("560d7b784f5143e3be2fc3064a5c4999"):status()))
      print("huawei:", dump(huawei.conference("914044873"):status()))
      sc.log.info("read " .. dump(stream:status()))
    end })
    s:step("refused", { on_failure = "continue", run = function()
      local ok, err = pcall(function() return huawei.conference("914044873", { password = "\(wrongPassword)" }).livestream:start() end)
      print("refused:", tostring(err), err.message)
      error(err)
    end })
    print(s:run())
    -- The last error, raised out of the script: its message and traceback go to stderr.
    huawei.conference("914044873", { password = "\(wrongPassword)" }):status()
    """

    static func profile(_ base: String) -> String {
        """
        [audit.vbrick]
        base_url = "\(base)/vbrick"
        api_key = "sim-vbrick-key"
        secret = "sim-vbrick-secret"
        [audit.convey]
        base_url = "\(base)/convey"
        username = "sim-convey-user"
        password = "sim-convey-password"
        [audit.webex]
        base_url = "\(base)/webex"
        access_token = "sim-webex-personal-access-token"
        [audit.zoom]
        base_url = "\(base)/zoom"
        oauth_url = "\(base)/zoom"
        account_id = "sim-zoom-account"
        client_id = "sim-zoom-client"
        client_secret = "sim-zoom-client-secret"
        [audit.huawei]
        base_url = "\(base)/huawei"
        host_password = "sim-huawei-host-password"
        """
    }

    @Test("no configured secret appears in stdout, stderr, the journal or showcall log")
    func noSecretLeaves() throws {
        let sim = Process()
        sim.executableURL = ShowCallProcess.executable
        sim.arguments = ["sim", "--port", "0"]
        let banner = Pipe()
        (sim.standardOutput, sim.standardError) = (banner, FileHandle.nullDevice)
        try sim.run()
        defer { sim.terminate(); sim.waitUntilExit() }
        let first = String(decoding: banner.fileHandleForReading.availableData, as: UTF8.self)
        let base = try #require(first.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))

        let dir = try scratch(["audit.lua": Self.script, "showcall.toml": Self.profile(base)])
        let journal = dir.appendingPathComponent("audit.jsonl")
        let run = try ShowCallProcess.run(["run", "--profile", "audit", "--control", "0", "--token", Self.controlToken,
                                           "--journal", journal.path, "audit.lua"], in: dir)
        // The run did what the audit needs: every platform answered, the stream key was set,
        // the refusal came back as an error value and the last one ended the script.
        #expect(run.status == 1, "\(run.stderr)")
        for platform in ["vbrick:", "convey:", "webex:", "huawei:", "zoom stream:", "refused:"] {
            #expect(run.stdout.contains(platform), "\(platform) missing from\n\(run.stdout)")
        }
        #expect(run.stdout.contains("rtmp://live.example/app"))
        #expect(run.stderr.contains("stack traceback"))
        let log = try ShowCallProcess.run(["log", journal.path], in: dir)
        let json = try ShowCallProcess.run(["log", "--json", journal.path], in: dir)
        let places = ["stdout": run.stdout, "stderr": run.stderr, "journal": try String(contentsOf: journal, encoding: .utf8),
                      "showcall log": log.stdout + log.stderr, "showcall log --json": json.stdout]
        #expect(places["journal"]?.contains("zoom.livestream:configure") == true)
        for secret in Self.profileSecrets + [Self.controlToken, Self.streamKey, Self.wrongPassword] {
            for (place, text) in places {
                #expect(!text.contains(secret), "\(secret) appears in \(place)")
            }
        }
    }
}
