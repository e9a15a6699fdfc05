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
        let context = PlatformContext(directory: directory, work: engine.scheduler.outsideWork, record: engine.record) { operation, target, result, took, watched in
            // For the control page's "last calls" and outputs: the operation, the object it was
            // made on and what it left that object in, its outcome; secrets redacted.
            var fields = LuaTable()
            fields["platform"] = .string(String(operation.prefix { $0 != "." }))
            fields["operation"] = .string(operation)
            fields["ms"] = .integer(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000)
            fields["output"] = .string(target)
            if watched { fields["watch"] = true }
            let text: String
            switch result {
            case .success(let value):
                fields["ok"] = true
                text = "ok"
                let state = OutputState(operation: operation, result: value)
                fields["state"] = .string(state.text)
                if let live = state.live { fields["live"] = .boolean(live) }
                if state.read { fields["read"] = true }
                // The platform did only part of it (Convey's returnCode 2): the show log says so.
                if case .table(let t) = value, t["partial"] == .boolean(true) {
                    fields["partial"] = true
                    warn("\(operation): partial success: " + Secrets.redact(t.string("message") ?? "no message"))
                }
            case .failure(let error):
                fields["ok"] = false
                text = Secrets.redact(String(describing: error))
            }
            hub.report(ShowEvent.platformCall, text: String(text.prefix(200)), time: clock.wallNow, fields: fields)
        }
        for kind in PlatformKinds.all {
            try engine.preload("showcall." + kind.name, functions: kind.functions(context.module(kind.name)))
        }
        try engine.preload("showcall.http", functions: HTTPModule.functions(context.module("http"), mode: engine.mode))
        try engine.preload("showcall.outputs", functions: OutputWatch.functions(context.module("outputs")))
    }
}
