import LuaHost

/// One step's row as its show last published it: what the terminal display and the commands
/// read, typed, and the whole row as JSON, encoded once when it changed. A row is kept as its
/// text rather than as a table of values, a few hundred bytes instead of a few kilobytes: a
/// hundred shows of forty steps keep four thousand of them.
public struct StepRow: Sendable, Equatable {
    public let name: String
    public let status: String
    public let scheduled: Double?
    public let started: Double?
    let json: String

    init(_ row: LuaValue) {
        name = row.field("name").text ?? ""
        status = row.field("status").text ?? ""
        scheduled = row.field("scheduled").number
        started = row.field("started").number
        json = LuaJSON.encode(row)
    }

    static let missing = StepRow(.nil)
}

/// A show's state as it last published it: the header (status, current step, next start...)
/// and its steps' rows.
public struct ShowState: Sendable {
    public internal(set) var header: LuaTable
    public internal(set) var steps: [StepRow]

    public subscript(key: String) -> LuaValue { header[key] }
}
