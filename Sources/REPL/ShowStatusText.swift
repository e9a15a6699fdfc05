import LuaHost
import Foundation

/// `:status`: the shows' state (the control API's `GET /state`) as an operator reads it.
///
///     town-hall  RUNNING  HOLD  elapsed 00:18:10
///       next: recording-break at 12:30:00 (in 00:11:50)
///        1  preproduction  done     planned 11:45:00  started 11:45:00  ended 11:45:01
///     >  2  go-live        running  planned 12:00:00  started 12:00:04
///        3  recording-break pending planned 12:30:00
enum ShowStatusText {
    static func shows(_ json: String) -> [[String: Any]]? {
        parse(json) as? [[String: Any]]
    }

    static func object(_ json: String) -> [String: Any]? {
        parse(json) as? [String: Any]
    }

    private static func parse(_ json: String) -> Any? {
        json.data(using: .utf8).flatMap { try? JSONSerialization.jsonObject(with: $0) }
    }

    /// `time` turns seconds since 1970 into the show clock's "HH:MM:SS".
    static func render(_ json: String, now: Double, time: (Double) -> String) -> String {
        guard let shows = shows(json) else { return "the state could not be read: \(json.prefix(200))\n" }
        if shows.isEmpty { return "no show has started\n" }
        return shows.map { render(show: $0, now: now, time: time) }.joined(separator: "\n")
    }

    private static func render(show: [String: Any], now: Double, time: (Double) -> String) -> String {
        let name = show["show"] as? String ?? "?"
        let status = (show["status"] as? String ?? "?").uppercased()
        var out = "\(name)  \(status)"
        if show["held"] as? Bool == true { out += "  HOLD" }
        // The state is as of the show's last event (`clock`): bring it up to now.
        let running = show["status"] as? String == "running"
        let since = running ? max(0, now - (show["clock"] as? Double ?? now)) : 0
        if let elapsed = show["elapsed"] as? Double { out += "  elapsed \(duration(elapsed + since))" }
        out += "\n"
        if let next = show["next"] as? String, let at = show["next_at"] as? Double {
            let left = running ? " (in \(duration(at - now)))" : ""
            out += "  next: \(next) at \(time(at))\(left)\n"
        } else if show["current_status"] as? String == "cued" {
            let prompt = (show["cue"] as? String).map { ": \($0)" } ?? ""
            let waited = (show["cued_at"] as? Double).map { " (waiting \(duration(now - $0)))" } ?? ""
            out += "  waiting for GO\(prompt)\(waited)\n"
        }
        let steps = show["steps"] as? [[String: Any]] ?? []
        let current = show["current"] as? String
        let nameWidth = steps.map { ($0["name"] as? String ?? "").count }.max() ?? 0
        let statusWidth = steps.map { ($0["status"] as? String ?? "").count }.max() ?? 0
        for (i, step) in steps.enumerated() {
            let stepName = step["name"] as? String ?? "?"
            var line = (stepName == current ? ">" : " ") + String(format: "%3d  ", i + 1)
            line += stepName.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
            line += (step["status"] as? String ?? "").padding(toLength: statusWidth, withPad: " ", startingAt: 0)
            for (key, label) in [("planned", "planned"), ("started", "started"), ("ended", "ended")] {
                if let t = step[key] as? Double { line += "  \(label) \(time(t))" }
            }
            if let error = step["error"] as? String { line += "  error: \(error)" }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// The name of step `number` (from 1) of the first running show, for `:jump 3`.
    static func stepName(_ json: String, number: Int) -> String? {
        guard let shows = shows(json) else { return nil }
        let show = shows.first { $0["status"] as? String == "running" } ?? shows.first
        let steps = show?["steps"] as? [[String: Any]] ?? []
        guard number >= 1, number <= steps.count else { return nil }
        return steps[number - 1]["name"] as? String
    }

    /// A countdown read from a control server's JSON: outside input, checked before `Int()`.
    static func duration(_ seconds: Double) -> String {
        guard let checked = try? NumberRule.seconds.check(seconds <= 0 ? 0 : seconds, "countdown") else { return "--:--:--" }
        let s = Int(checked.rounded(.down))
        return String(format: "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }
}
