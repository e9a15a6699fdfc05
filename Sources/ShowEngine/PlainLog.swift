/// Show events as plain timestamped lines, for a stdout that is not a terminal (a log file,
/// a pipe, a CI job): `19:55:00.000 SHOW  step 'doors' started`.
public enum PlainLog {
    /// Writes every show event of `engine` through the engine's output.
    @discardableResult
    public static func attach(to engine: Engine) -> Int {
        let output = engine.output
        let stamp = engine.timestamp
        return engine.hub.subscribe { event in
            guard event.type != ShowEvent.platformCall else { return }
            output("\(stamp(event.time)) SHOW  \(event.text)")
        }
    }
}
