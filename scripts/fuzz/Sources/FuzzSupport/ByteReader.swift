/// Reads a fuzz input front to back; past the end every read is zero, so any input is a program.
public struct ByteReader {
    private let bytes: [UInt8]
    private var at = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { at >= bytes.count }
    public var remaining: ArraySlice<UInt8> { bytes[min(at, bytes.count)...] }

    public mutating func byte() -> UInt8 {
        defer { at += 1 }
        return at < bytes.count ? bytes[at] : 0
    }

    public mutating func take(_ n: Int) -> [UInt8] {
        let start = min(at, bytes.count), end = min(at + n, bytes.count)
        at += n
        return Array(bytes[start ..< end]) + Array(repeating: 0, count: n - (end - start))
    }

    public mutating func int64() -> Int64 {
        take(8).reversed().reduce(0) { $0 << 8 | Int64($1) }
    }

    public mutating func double() -> Double { Double(bitPattern: UInt64(bitPattern: int64())) }
}
