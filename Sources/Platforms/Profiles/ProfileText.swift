/// What a profile file's text must be before TOMLKit parses it. toml++ (inside TOMLKit) asserts,
/// aborting the process, on some text TOML forbids anyway: a non-ASCII character in a bare key
/// (`[a\u{FFFD}]`) fails its `parse_key` assertion. TOML allows characters outside ASCII only in
/// strings and comments, and no NUL anywhere (TOMLKit hands the text over as a C string, so a
/// NUL would silently end the file early). Such text is refused here, naming where, so that a
/// damaged profile is an error, never a crash.
enum ProfileText {
    static func check(_ text: String, file: String) throws {
        enum Place { case code, comment, basic, literal, multiBasic, multiLiteral }
        let bytes = Array(text.utf8)
        var place = Place.code
        var line = 1, lineStart = 0, i = 0
        func starts(_ s: String, at j: Int) -> Bool { bytes[j...].starts(with: s.utf8) }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0 { throw ProfileError("\(file):\(line):\(i - lineStart + 1): a NUL byte (a profile is text)") }
            switch place {
            case .code:
                if b >= 0x80 {
                    throw ProfileError("\(file):\(line):\(i - lineStart + 1): a character outside a string or comment must be ASCII (quote the key: \"...\")")
                }
                if b == UInt8(ascii: "#") { place = .comment }
                else if starts("\"\"\"", at: i) { place = .multiBasic; i += 2 }
                else if starts("'''", at: i) { place = .multiLiteral; i += 2 }
                else if b == UInt8(ascii: "\"") { place = .basic }
                else if b == UInt8(ascii: "'") { place = .literal }
            case .comment:
                if b == 10 { place = .code }
            case .basic:
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") || b == 10 { place = .code }
            case .literal:
                if b == UInt8(ascii: "'") || b == 10 { place = .code }
            case .multiBasic:
                if b == UInt8(ascii: "\\") { i += 1 } else if starts("\"\"\"", at: i) { place = .code; i += 2 }
            case .multiLiteral:
                if starts("'''", at: i) { place = .code; i += 2 }
            }
            if i < bytes.count, bytes[i] == 10 { line += 1; lineStart = i + 1 }
            i += 1
        }
    }
}
