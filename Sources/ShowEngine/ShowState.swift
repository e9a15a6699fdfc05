import LuaHost

/// One step's row as its show last published it: its name, and the whole row as JSON, encoded
/// once when it changed. A row is kept as its text rather than as a table of values, a few
/// hundred bytes instead of a few kilobytes: a hundred shows of forty steps keep four thousand
/// of them. The few fields Swift reads of a row (the current step's, for the terminal and
/// over/under) are read back from that text when asked for, rather than kept twice.
public struct StepRow: Sendable, Equatable {
    public let name: String
    let json: String

    init(_ row: LuaValue) {
        name = row.field("name").text ?? ""
        json = LuaJSON.encode(row)
    }

    static let missing = StepRow(.nil)

    /// What Swift reads of a row: the fields it places a step in the schedule by.
    public struct Timing: Sendable {
        public let status: String
        /// Where the step stood in the schedule the show started with, seconds since 1970.
        public let scheduled: Double?
        public let started: Double?
    }

    /// The row's timing, decoded from its text (once per call: read it once and keep it).
    public var timing: Timing {
        let row = (try? LuaJSON.decode(json.utf8)) ?? .nil
        return Timing(status: row.field("status").text ?? "", scheduled: row.field("scheduled").number,
                      started: row.field("started").number)
    }
}

/// A show's state as it last published it: the header (status, current step, next start...)
/// and its steps' rows.
public struct ShowState: Sendable {
    public internal(set) var header: LuaTable
    public internal(set) var steps: [StepRow]

    public subscript(key: String) -> LuaValue { header[key] }
}
