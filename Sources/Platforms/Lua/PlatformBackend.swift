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
        // `report` runs on the Lua thread, which owns the clock.
        nonisolated(unsafe) let clock = engine.clock
        let context = PlatformContext(directory: directory, work: engine.scheduler.outsideWork, record: engine.record) { operation, error, took in
            // For the control page's "last calls": the operation and its outcome, secrets redacted.
            var fields = LuaTable()
            fields["platform"] = .string(String(operation.prefix { $0 != "." }))
            fields["operation"] = .string(operation)
            fields["ok"] = .boolean(error == nil)
            fields["ms"] = .integer(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000)
            let text = error.map { Secrets.redact(String(describing: $0)) } ?? "ok"
            hub.report(ShowEvent.platformCall, text: String(text.prefix(200)), time: clock.wallNow, fields: fields)
        }
        for kind in PlatformKinds.all {
            try engine.preload("showcall." + kind.name, functions: kind.functions(context))
        }
        try engine.preload("showcall.http", functions: HTTPModule.functions(context, mode: engine.mode))
    }
}
