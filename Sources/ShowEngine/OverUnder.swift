import Foundation
import LuaHost

/// Over/under in Ontime's sense: how far a show runs behind (positive, late, "over") or ahead
/// (negative, early, "under") of its schedule, the plan as it stood when the show started
/// (each step's `scheduled`). A step that started is as late as its start; the step waiting
/// for its start is as late as it will start at the soonest (its planned start, or now if that
/// has passed, as it has for a cue waiting for GO). The control page's `overUnder` in
/// `clock.js` is the same rule for the browser.
public enum OverUnder {
    /// The show's running over/under from its published state, in seconds; nil without a schedule.
    public static func show(_ state: ShowState, now: Double) -> Double? {
        guard let name = state.header.string("current"), let step = state.steps.first(where: { $0.name == name }) else { return nil }
        return Self.step(step, now: now, plannedStart: state["next_at"].number)
    }

    /// One step's over/under; `plannedStart` is when it is due to start if it is waiting.
    public static func step(_ step: StepRow, now: Double, plannedStart: Double? = nil) -> Double? {
        let timing = step.timing
        guard let scheduled = timing.scheduled else { return nil }
        if let started = timing.started { return started - scheduled }
        guard ["pending", "cued"].contains(timing.status) else { return nil }
        return max(now, plannedStart ?? now) - scheduled
    }

    /// "+00:01:05 late", "-00:00:30 early" or "on time" (within a second).
    public static func text(_ seconds: Double) -> String {
        let s = Int(abs(seconds).rounded())
        guard s >= 1 else { return "on time" }
        let hms = String(format: "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        return seconds > 0 ? "+\(hms) late" : "-\(hms) early"
    }
}
