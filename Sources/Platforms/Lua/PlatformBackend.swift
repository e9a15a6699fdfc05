import LuaHost
import ShowEngine

/// The platforms as Lua modules: `require "showcall.vbrick"` (and convey, webex, zoom, huawei),
/// and `require "showcall.http"` for webhooks.
/// Objects cost nothing to make: `vbrick.event(id)` sends no request; each verb is one call,
/// which suspends only its coroutine.
public struct PlatformBackend: ShowBackend {
    public let directory: PlatformDirectory

    public init(directory: PlatformDirectory) {
        self.directory = directory
    }

    public func install(into engine: Engine) throws {
        let hub = engine.hub
        // `report` runs on the Lua thread, which owns the clock and the show's log.
        nonisolated(unsafe) let clock = engine.clock
        nonisolated(unsafe) let warn: (String) -> Void = { [unowned engine] in engine.log("warn", $0) }
        let context = PlatformContext(directory: directory, work: engine.scheduler.outsideWork, record: engine.record) { operation, outcome, took in
            // For the control page's "last calls": the operation and its outcome, secrets redacted.
            var fields = LuaTable()
            fields["platform"] = .string(String(operation.prefix { $0 != "." }))
            fields["operation"] = .string(operation)
            fields["ms"] = .integer(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000)
            let text: String
            switch outcome {
            case .done:
                fields["ok"] = true
                text = "ok"
            case .partial(let message):
                fields["ok"] = true
                fields["partial"] = true
                text = "partial success: " + Secrets.redact(message)
                warn("\(operation): \(text)")
            case .failed(let error):
                fields["ok"] = false
                text = Secrets.redact(String(describing: error))
            }
            hub.report(ShowEvent.platformCall, text: String(text.prefix(200)), time: clock.wallNow, fields: fields)
        }
        for kind in PlatformKinds.all {
            try engine.preload("showcall." + kind.name, functions: kind.functions(context.module(kind.name)))
        }
        try engine.preload("showcall.http", functions: HTTPModule.functions(context.module("http"), mode: engine.mode))
    }
}
