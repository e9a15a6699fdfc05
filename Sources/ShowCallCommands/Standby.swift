import ArgumentParser
import Foundation
import LuaHost
import SharedStore
import ShowEngine

struct Standby: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standby",
        abstract: "Follow a show run by another host through the store, and take it over if that host dies.",
        discussion: """
        Prints what the holder journals as it happens (LISTEN/NOTIFY). When the holder's lease \
        lapses (it died, froze or lost its network), takes the show with the next epoch, waits \
        out the longest attempt the old holder could still have in flight, then continues as \
        `showcall resume` does: each unanswered call checked against the platform first, steps \
        that ended not run again, clock cues kept to the clock. Any number of standbys may \
        follow a show; one takes it over.
        """
    )

    @Argument(help: "The show's name in the store (`showcall shows` lists them).")
    var show: String

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var controlOptions: ControlOptions

    @OptionGroup var safetyOptions: SafetyOptions

    func run() throws {
        try reportingErrors {
            guard let address = try storeOptions.address(profile: nil) else {
                throw UsageError(description: "standby needs --store (or $SHOWCALL_STORE)")
            }
            let settings = try storeOptions.settings()
            let store = try StoreOptions.connect(address)
            let reader = PostgresJournalStore(store: store, show: show)
            var tail = JournalTail(store: reader)
            var text = JournalText()
            var announced: (String, Int64)?
            while true {
                for line in try tail.read().lines {
                    if let object = JournalFile.object(line), let entry = try? JournalFile.entry(object, at: show) {
                        Console.out(text.line(for: entry) + "\n")
                    }
                }
                Console.flush()
                guard let holding = try blocking({ [show] in try await store.holding(show) }) else {
                    // Not started yet: wait for its first entry.
                    if announced == nil { Console.err("showcall: waiting for show '\(show)' to start\n") }
                    announced = ("", 0)
                    _ = try blocking { [show] in try await store.nextAppend(to: show, within: settings.renew) }
                    continue
                }
                if holding.ended {
                    Console.err("showcall: show '\(show)' has ended; nothing to take over\n")
                    return 0
                }
                if announced.map({ $0 != (holding.holder, holding.epoch) }) ?? true {
                    Console.err("showcall: following show '\(show)', held by \(holding.holder) (epoch \(holding.epoch)), from \(HostedShow.holder)\n")
                    announced = (holding.holder, holding.epoch)
                }
                if holding.remaining < 0 {
                    if let hosted = try HostedShow.takeOver(store, name: show, settings: settings) {
                        return try Resume.takeOver(hosted, store: store, force: false, control: controlOptions, safety: safetyOptions)
                    }
                    continue
                }
                // Wake at the next entry, or when the lease would lapse, or to say again that
                // this host stands by.
                _ = try blocking { [show] in
                    try await store.standingBy(show: show, host: HostedShow.holder)
                    return try await store.nextAppend(to: show, within: min(holding.remaining + 0.02, settings.renew))
                }
            }
        }
    }
}
