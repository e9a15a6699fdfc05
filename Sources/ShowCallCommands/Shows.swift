import ArgumentParser
import Foundation
import LuaHost
import SharedStore
import ShowEngine

struct Shows: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shows",
        abstract: "List the shows in a store: who holds each, its state, its step and its last entry."
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingErrors {
            guard let address = try storeOptions.address(profile: nil) else {
                throw UsageError(description: "shows needs --store (or $SHOWCALL_STORE)")
            }
            let store = try StoreOptions.connect(address)
            let shows = try blocking { try await store.shows() }
            var text = JournalText()
            for summary in shows {
                let h = summary.holding
                let state = h.ended ? "ended" : h.remaining >= 0 ? "held, lease \(String(format: "%.1f", h.remaining)) s" : "LAPSED \(String(format: "%.1f", -h.remaining)) s ago"
                let standbys = try blocking { try await store.standbys(summary.show) }
                let last = summary.lastLine.flatMap { JournalFile.object(Array($0.utf8)) }.flatMap { try? JournalFile.entry($0, at: summary.show) }
                Console.out("\(summary.show)\t\(h.holder)\tepoch \(h.epoch)\t\(state)\tstandbys: \(standbys.isEmpty ? "none" : standbys.joined(separator: ", "))\n")
                if let last { Console.out("  \(text.line(for: last))\n") }
            }
            return 0
        }
    }
}
