import Foundation
import Platforms
import Testing

/// Profiles: every mistake names the file, the profile and the field.
@Suite struct ProfileTests {
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("showcall-\(UUID().uuidString).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func loadError(_ text: String, profile: String = "prod", env: [String: String] = [:]) throws -> String {
        let path = try file(text)
        do {
            _ = try ProfileLoader(files: [path], environment: env).load(profile)
        } catch {
            return String(describing: error).replacingOccurrences(of: path, with: "FILE")
        }
        Issue.record("expected an error")
        return ""
    }

    @Test func aCompleteProfileReadsWithEnvironmentValues() throws {
        let path = try Self.file("""
            [prod]
            timeout = 12.5
            [prod.vbrick]
            base_url = "https://acme.rev.vbrick.com"
            api_key = "key-${TENANT}"
            secret = "${VBRICK_SECRET}"
            [prod.webex]
            client_id = "c"
            client_secret = "${WEBEX_SECRET}"
            refresh_token = "r-123456"
            [prod.zoom]
            account_id = "a"
            client_id = "c"
            client_secret = "s-123456"
            requests_per_second = 80
            """)
        let p = try ProfileLoader(files: [path], environment: ["TENANT": "acme", "VBRICK_SECRET": "v-secret-1", "WEBEX_SECRET": "w-secret-1"]).load("prod")
        #expect(p.name == "prod" && !p.simulated && p.timeout == .milliseconds(12_500))
        guard case .apiKey(let key, let secret)? = p.vbrick?.credentials else { Issue.record("no vbrick"); return }
        #expect(key == "key-acme" && secret == "v-secret-1")
        #expect(p.webex?.baseURL == "https://webexapis.com")
        #expect(p.zoom?.requestsPerSecond == 80 && p.zoom?.oauthURL == "https://zoom.us")
        #expect(p.convey == nil && p.huawei == nil)
        // Credentials read from a profile never print.
        #expect(Secrets.redact("secret is v-secret-1") == "secret is [redacted]")
    }

    @Test func aMissingCredentialNamesTheField() throws {
        #expect(try Self.loadError("[prod.vbrick]\nbase_url = \"https://x\"\napi_key = \"k\"\n")
            == "FILE: profile 'prod': vbrick.secret is required")
    }

    @Test func aMisspeltKeyIsAnError() throws {
        let message = try Self.loadError("[prod.convey]\nusername = \"u\"\npasword = \"p\"\n")
        #expect(message.hasPrefix("FILE: profile 'prod': convey.pasword is not a known setting"))
    }

    @Test func anUnsetEnvironmentVariableIsNamed() throws {
        #expect(try Self.loadError("[prod.convey]\nusername = \"u\"\npassword = \"${CONVEY_PASSWORD}\"\n")
            == "FILE: profile 'prod': convey.password names the environment variable CONVEY_PASSWORD, which is not set")
    }

    @Test func anUnknownProfileListsTheOnesFound() throws {
        let message = try Self.loadError("[staging.convey]\nusername = \"u\"\npassword = \"p\"\n", profile: "prod")
        #expect(message.contains("unknown profile 'prod'") && message.contains("profiles found: staging"))
    }

    @Test func aMalformedFileNamesTheLine() throws {
        let message = try Self.loadError("[prod]\ntimeout = 3\n[prod.vbrick\nbase_url = 1\n")
        #expect(message.hasPrefix("FILE:3:"), "\(message)")
    }

    @Test func aPlatformMissingFromTheProfileIsNamedWhenUsed() async throws {
        let rig = try await PlatformRig()
        var profile = rig.profile
        profile.name = "prod"
        profile.zoom = nil
        let message = try await rig.failure("require('showcall.zoom').webinar(1):status()", directory: PlatformDirectory(profile: profile))
        #expect(message.contains("zoom is not configured in profile 'prod'") && message.contains("[prod.zoom]"))
        await rig.stop()
    }
}

/// Bad input from a script: a clear error naming what is wrong, and the show goes on.
@Suite struct BadInputTests {
    @Test func aWrongIdIsTheplatformsAnswerNamingTheId() async throws {
        let rig = try await PlatformRig()
        let message = try await rig.failure("require('showcall.vbrick').event('no-such-event'):start()")
        #expect(message == "show:1: vbrick event no-such-event start: Event no-such-event not found. (HTTP 404, code NotFound)")
        let zoom = try await rig.failure("require('showcall.zoom').webinar('sixty')")
        #expect(zoom.contains("zoom webinar id") && zoom.contains("digits"))
        await rig.stop()
    }

    @Test func aValueThePlatformRejectsIsNamed() async throws {
        let rig = try await PlatformRig()
        let message = try await rig.failure("""
            require('showcall.zoom').webinar(68423085).livestream:start{display_name = string.rep('x', 60)}
            """)
        #expect(message.contains("livestream.start") && message.contains("settings") && message.contains("HTTP 400"), "\(message)")
        let option = try await rig.failure("require('showcall.vbrick').event('x'):start{preproduction = true}")
        #expect(option.contains("option 'preproduction'") && option.contains("known: pre_production, timeout"))
        await rig.stop()
    }

    @Test func aVerbThePlatformDoesNotOfferNamesTheOnesItDoes() async throws {
        let rig = try await PlatformRig()
        let message = try await rig.failure("require('showcall.zoom').webinar(1).record:start()")
        #expect(message.contains("zoom.webinar has no field 'record'") && message.contains("livestream"), "\(message)")
        await rig.stop()
    }

    @Test func aFailedCallIsCatchableAndTheShowGoesOn() async throws {
        let rig = try await PlatformRig()
        let results = try await rig.run("""
            local webex = require "showcall.webex"
            local ok, err = pcall(function() return webex.meeting("9c1e2f3a4b5c4d6e8f7a0b1c2d3e4f50"):lock() end)
            return ok, err.status, err.request_id ~= nil, webex.meeting("560d7b784f5143e3be2fc3064a5c4999"):lock().locked
            """)
        #expect(results == [false, 400, true, true])
        await rig.stop()
    }
}
