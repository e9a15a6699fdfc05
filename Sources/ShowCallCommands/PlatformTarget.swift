import ArgumentParser
import Foundation
import LuaHost
import Platforms
import Simulator

/// Which platforms a run talks to: the profile named by `--profile` or `$SHOWCALL_PROFILE`,
/// or, with none (and always in a rehearsal), the embedded simulator.
struct PlatformTarget {
    /// `--profile` if given, else the environment's.
    static func selectedProfile(_ option: String?) -> String? {
        option ?? Environment.setting("SHOWCALL_PROFILE")
    }

    /// The platforms for a run. A named profile is read now, so a wrong name or a malformed file
    /// stops the run before anything starts (a usage error); the simulator starts on first use.
    static func directory(profile name: String?, rehearsal: Bool) throws -> PlatformDirectory {
        if let name, !rehearsal {
            let profile: Profile
            do { profile = try ProfileLoader().load(name) } catch {
                throw UsageError(description: "\(error)")
            }
            Console.err("showcall: \(profile.banner)\n")
            return PlatformDirectory(profile: profile)
        }
        if let name, rehearsal { Console.err("showcall: a rehearsal never touches live platforms; profile '\(name)' is not used\n") }
        return PlatformDirectory {
            let profile = try EmbeddedSimulator.profile()
            Console.err("showcall: \(profile.banner)\n")
            return profile
        }
    }
}

/// The simulator this process serves for its own runs, started on first use and kept until exit.
enum EmbeddedSimulator {
    private static let started: Result<PlatformSimulator, any Error> = Result { try PlatformSimulator.startBlocking() }

    static func simulator() throws -> PlatformSimulator { try started.get() }

    static func profile() throws -> Profile {
        let sim = try simulator()
        return simulatedProfile(sim, description: "the embedded simulator at \(sim.baseURL)")
    }

    /// Every platform pointed at `sim`, with the credentials it accepts.
    static func simulatedProfile(_ sim: PlatformSimulator, description: String) -> Profile {
        Profile.simulator(source: description, baseURL: { Platform(rawValue: $0).map(sim.baseURL(for:)) },
                          credential: { sim.credentials[$0] ?? "" })
    }
}
