/// An operator command for a running show.
public enum ShowCommand: Sendable, Equatable {
    case go, hold, resume, skip, abort
    case jump(String)

    public var name: String {
        switch self {
        case .go: "go"
        case .hold: "hold"
        case .resume: "resume"
        case .skip: "skip"
        case .abort: "abort"
        case .jump: "jump"
        }
    }

    /// The step a JUMP names; nil for the other commands.
    public var step: String? {
        if case .jump(let step) = self { step } else { nil }
    }

    /// Every command's name.
    public static let names = ["go", "hold", "resume", "skip", "abort", "jump"]

    /// Parses "go", "hold", "resume", "skip", "abort" or "jump" with a step name.
    public init?(name: String, step: String? = nil) {
        switch name {
        case "go": self = .go
        case "hold": self = .hold
        case "resume": self = .resume
        case "skip": self = .skip
        case "abort": self = .abort
        case "jump":
            guard let step, !step.isEmpty else { return nil }
            self = .jump(step)
        default: return nil
        }
    }
}

/// Why a command was not delivered.
public struct ShowCommandRefusal: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable {
        /// No show is running, or none by the name given.
        case noShow
        /// A JUMP to a step the show does not have: the command itself is wrong.
        case unknownStep
        /// The show received the command and did nothing with it (GO during HOLD): the
        /// description says why, for the operator who pressed the button.
        case ignored
    }

    public let reason: Reason
    public let description: String
}
