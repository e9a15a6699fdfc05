import Foundation
import SharedStore
import ShowEngine

// Journal append latency, file store against PostgreSQL store, in one run: 1,000 appends of one
// call_intent-sized line each, one at a time as a sequential call's intent waits for its own,
// after 100 warm-up appends on each side. Prints table rows (figure, value, unit, target).
//   store-bench POSTGRES_URL DIRECTORY
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: store-bench POSTGRES_URL DIRECTORY\n".utf8))
    exit(2)
}
let line = #"{"args":{},"call":"Town hall/go live#1|zoom.livestream:start|zoom webinar 68423085 live stream|1","operation":"zoom.livestream:start","seq":SEQ,"show":"Town hall","step":"go live","target":"zoom webinar 68423085 live stream","time":1796190540.123,"type":"call_intent"}"#

func latencies(_ store: any JournalStore, warmup: Int = 100, count: Int = 1000) -> [Double] {
    var out: [Double] = []
    for seq in 1 ... Int64(warmup + count) {
        let started = ContinuousClock.now
        if let failure = store.append([JournalLine(seq: seq, text: line.replacingOccurrences(of: "SEQ", with: "\(seq)") + "\n")]) {
            fatalError("append failed: \(failure)")
        }
        let took = started.duration(to: .now).components
        if seq > warmup { out.append(Double(took.seconds) * 1e3 + Double(took.attoseconds) / 1e15) }
    }
    return out.sorted()
}

func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count - 1)).rounded()))] }

let file = JournalFileStore(path: arguments[2] + "/store-bench-\(getpid()).jsonl")
let store = try blocking { try await PostgresStore(try StoreAddress(arguments[1])) }
let lease = try blocking {
    try await ShowLease.claim(store: store, show: "store-bench-\(getpid())", holder: "bench", settings: try LeaseSettings(renew: 10, ttl: 3600, attempt: 2),
                              files: [], events: { _ in })
}
let postgres = PostgresJournalStore(store: store, show: lease.show, lease: lease)
let f = latencies(file), p = latencies(postgres)
print("store.append_file_p50\t\(String(format: "%.3f", percentile(f, 50)))\tms\t")
print("store.append_file_p99\t\(String(format: "%.3f", percentile(f, 99)))\tms\t")
print("store.append_postgres_p50\t\(String(format: "%.3f", percentile(p, 50)))\tms\t")
print("store.append_postgres_p99\t\(String(format: "%.3f", percentile(p, 99)))\tms\t")
try? FileManager.default.removeItem(atPath: file.path)
