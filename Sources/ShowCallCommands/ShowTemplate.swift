import Foundation

/// The files `showcall new` writes: a small show that runs against the simulator as it stands,
/// a library of its own in `lib/`, a spec for it, and the editor settings.
enum ShowTemplate {
    /// Where `showcall types` is told to write the annotation files (see README.md of the show).
    static let typesDirectory = ".showcall/types"

    static func files(title: String, stdlib: String?) -> [(String, String)] {
        [
            ("show.lua", show(title)),
            ("lib/stream.lua", stream),
            ("spec/stream_spec.lua", spec),
            (".luarc.json", luarc(stdlib: stdlib)),
            ("README.md", readme(title)),
        ]
    }

    /// LuaLS settings: Lua 5.4, `require` as ShowCall resolves it, ShowCall's annotations and stdlib.
    static func luarc(stdlib: String?) -> String {
        let library = [typesDirectory] + (stdlib.map { [$0] } ?? [])
        let settings: [String: Any] = [
            "$schema": "https://raw.githubusercontent.com/LuaLS/vscode-lua/master/setting/schema.json",
            "runtime.version": "Lua 5.4",
            "runtime.path": ["?.lua", "?/init.lua", "lib/?.lua", "lib/?/init.lua"],
            "workspace.library": library,
            "diagnostics.globals": ["describe", "it", "before_each", "after_each", "expect"],
        ]
        let data = try! JSONSerialization.data(withJSONObject: settings, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `text` as a Lua string literal.
    static func luaString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func show(_ title: String) -> String {
        """
        -- \(title): a show from `showcall new`. Against the embedded simulator as written:
        --   showcall plan show.lua
        --   showcall run --rehearse show.lua
        -- For the real thing, put your own ids below and run with --profile NAME (see ShowCall's README).
        local sc = require "showcall"
        local show = require "showcall.show"
        local countdown = require "showcall.countdown"
        local zoom = require "showcall.zoom"
        local stream = require "stream" -- lib/stream.lua

        local webinar = zoom.webinar(68423085) -- the simulator's seeded webinar

        local s = show.new(\(luaString(title)), { cleanup = function()
          -- Runs however the show ends, ABORT included.
          sc.log.info("live stream: " .. stream.off(webinar))
        end })

        s:step("check", { run = show.action("zoom webinar", function()
          return webinar:status().status
        end) })

        s:step("countdown", { after = 5, run = show.action("count down to go-live", function()
          countdown.run(sc.now() + 60, { label = "live", marks = { 30, 10 } })
        end) })

        s:step("go-live", { cue = "Presenter ready: GO to go live", run = show.action("live stream", function()
          return stream.on(webinar)
        end) })

        s:step("off-air", { after = 30 * 60, cue = "GO to go off air", run = show.action("live stream", function()
          return stream.off(webinar)
        end) })

        local status = s:run()
        if status == "aborted" then error("show aborted", 0) end

        """
    }

    static let stream = """
        --- The show's own helpers for a Zoom live stream (an example of a library in lib/,
        --- which `require "stream"` finds beside show.lua and from spec/).
        local M = {}

        --- Starts the webinar's live stream.
        ---@param webinar zoom.webinar
        ---@return string state "live"
        function M.on(webinar)
          webinar.livestream:start { display_name = "Live" }
          return "live"
        end

        --- Stops the webinar's live stream; one that was not started counts as off.
        ---@param webinar zoom.webinar
        ---@return string state "off" or "already off"
        function M.off(webinar)
          local ok, err = pcall(function() webinar.livestream:stop() end)
          if ok then return "off" end
          if err.status == 400 and tostring(err.message):find("not started", 1, true) then return "already off" end
          error(err, 0)
        end

        return M

        """

    static let spec = """
        -- Run with `showcall test`: in virtual time, against a fresh simulator for each file.
        local zoom = require "showcall.zoom"
        local stream = require "stream"

        describe("stream", function()
          local webinar = zoom.webinar(68423085)

          it("goes live, then off", function()
            expect(stream.on(webinar)).to_be("live")
            expect(stream.off(webinar)).to_be("off")
          end)

          it("reads a stop of a stream that is not live as already off", function()
            assert.equals("already off", stream.off(webinar))
          end)
        end)

        """

    static func readme(_ title: String) -> String {
        """
        # \(title)

        A ShowCall show. `show.lua` is the run of show, `lib/` holds its own Lua libraries
        (`require "stream"` finds `lib/stream.lua`; so does `$SHOWCALL_PATH`), `spec/` their specs.

            showcall plan show.lua              # the steps and their planned times
            showcall run --rehearse show.lua    # the whole show in virtual time, against the simulator
            showcall test                       # every spec/*_spec.lua
            showcall run --profile production show.lua

        Editor support (VS Code, Neovim: Lua Language Server): `.luarc.json` reads ShowCall's
        annotation files from `\(typesDirectory)`; fill it once with

            showcall types \(typesDirectory)

        """
    }
}
