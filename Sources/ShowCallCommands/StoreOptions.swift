import ArgumentParser
import Foundation
import LuaHost
import Platforms
import SharedStore

/// `--store URL` and the lease's timings, shared by `run`, `resume`, `standby`, `log`, `shows`.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Keep the journal and the show's lease in this PostgreSQL database, for main and backup hosts (default: $SHOWCALL_STORE, else the profile's `store`).", valueName: "postgres://USER@HOST:PORT/DB"))
    var store: String?

    // The lease's options have no default of ArgumentParser's: LeaseSettings owns them, and
    // ArgumentParser would describe a Double default by reflection at every start.
    @Option(name: .customLong("lease-renew"), parsing: .unconditional, help: ArgumentHelp("Seconds between renewals of the show's lease (default: \(LeaseSettings.standard.renew)).", valueName: "SECONDS"),
            transform: NumberOption.real(.seconds))
    var leaseRenew: Double?

    @Option(name: .customLong("lease"), parsing: .unconditional, help: ArgumentHelp("Seconds a lease lasts unless renewed: how soon a standby takes over a host that died (default: \(LeaseSettings.standard.ttl)).", valueName: "SECONDS"),
            transform: NumberOption.real(.seconds))
    var lease: Double?

    @Option(name: .customLong("attempt-limit"), parsing: .unconditional, help: ArgumentHelp("Under a lease, the longest a state-changing request's attempt may take, in seconds (default: \(LeaseSettings.standard.attempt)).", valueName: "SECONDS"),
            transform: NumberOption.real(.seconds))
    var attemptLimit: Double?

    /// The store's address, if one is given: the option, the environment, the profile.
    func address(profile: String?) throws -> StoreAddress? {
        var text = store ?? Environment.setting("SHOWCALL_STORE")
        if text == nil, let profile {
            do { text = try ProfileLoader().load(profile).store } catch { throw UsageError(description: "\(error)") }
        }
        guard let text else { return nil }
        do { return try StoreAddress(text) } catch { throw UsageError(description: error.description) }
    }

    func settings() throws -> LeaseSettings {
        do { return try LeaseSettings(renew: leaseRenew ?? LeaseSettings.standard.renew, ttl: lease ?? LeaseSettings.standard.ttl,
                                         attempt: attemptLimit ?? LeaseSettings.standard.attempt) } catch {
            throw UsageError(description: error.description)
        }
    }

    /// Connects, or a usage error saying why not.
    static func connect(_ address: StoreAddress) throws -> PostgresStore {
        do { return try blocking { try await PostgresStore(address) } } catch { throw UsageError(description: "\(error)") }
    }
}
