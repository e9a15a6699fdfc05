import ArgumentParser
import Crypto
import Foundation
import LuaHost
import Platforms
import ShowEngine

/// Where a run's journal goes and what its first entry says.
enum RunJournal {
    /// `--journal PATH`, else `$XDG_STATE_HOME/showcall/journals/SCRIPT-DATE-TIME-PID.jsonl`
    /// (`~/.local/state/...` without it): kept out of the show's folder, which may be read-only
    /// or shared, and out of /tmp, which a reboot after a crash empties.
    static func path(option: String?, script: String?) -> String {
        if let option { return option }
        let dir = "\(Environment.stateHome ?? "./.local/state")/showcall/journals"
        let stem = script.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? "stdin"
        return "\(dir)/\(stem)-\(localTime(Date().timeIntervalSince1970, "%Y%m%d-%H%M%S"))-\(getpid()).jsonl"
    }

    /// `--journal PATH`, checked where it enters (`JournalFileStore.canHold`). An empty path, a
    /// directory or a device took the show's entries nowhere, and the show went on, its calls
    /// made, with no record.
    static func check(option path: String) throws {
        guard !path.isEmpty else { throw ValidationError("--journal: the path is empty") }
        guard JournalFileStore.canHold(path) else {
            throw ValidationError("--journal \(path): not a regular file (a journal is a file of its own)")
        }
    }

    private static func header(script: String?, hash: String?, args: [String], profile: String?, safety: LuaValue) -> JournalEntry {
        .runStarted(version: ShowCallVersion.text, pid: Int64(getpid()),
                    script: script.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "-",
                    sha256: script == nil ? nil : hash, profile: profile, args: args, safety: safety)
    }

    static func journal(path: String, firstSeq: Int64 = 1, header: @escaping @Sendable () -> JournalEntry) -> Journal {
        journal(store: JournalFileStore(path: path), firstSeq: firstSeq, header: header)
    }

    static func journal(store: any JournalStore, firstSeq: Int64 = 1, header: @escaping @Sendable () -> JournalEntry) -> Journal {
        Journal(store: store, header: header, firstSeq: firstSeq, redact: { Secrets.redact($0) }) { location in
            Screen.notice("showcall: journal \(location)")
        }
    }

    /// The first entry of a new run of `script`, its hash taken now.
    static func header(script: String?, args: [String], profile: String?, safety: ScriptSafety) -> JournalEntry {
        header(script: script, hash: script.flatMap { try? Self.hash(of: $0) }, args: args, profile: profile, safety: safety.journalEntry)
    }

    /// `strftime` in the local zone: cheaper at start-up than a DateFormatter, which loads ICU.
    private static func localTime(_ t: Double, _ format: String) -> String {
        var seconds = time_t(t.rounded(.down)), parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, format, &parts)
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func hash(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError(description: "cannot read \(path)")
        }
        return sha256(data)
    }

    /// A SHA-256 in lowercase hex, as the journal and the store record it. Written out by
    /// hand: `String(format:)` per byte cost half a millisecond of every run's start.
    static func sha256(_ data: some DataProtocol) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
