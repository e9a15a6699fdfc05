/// What a profile file's text must be before TOMLKit parses it. toml++ (inside TOMLKit) asserts,
/// aborting the process, on some text TOML forbids anyway: a non-ASCII character in a bare key
/// (`[a\u{FFFD}]`) or a control character in a table header (`[\u{1}[p]`) fail its `parse_key`
/// assertion. TOML allows characters outside ASCII only in strings and comments, and no control
/// character but tab, line feed and carriage return anywhere (TOMLKit hands the text over as a
/// C string, so a NUL would also silently end the file early). A table header's first key is
/// read without a check of its first character (`[@x]` fails the same assertion). Such text is
/// refused here, naming where, so that a damaged profile is an error, never a crash.
enum ProfileText {
    static func check(_ text: String, file: String) throws {
        enum Place { case code, comment, basic, literal, multiBasic, multiLiteral }
        let bytes = Array(text.utf8)
        var place = Place.code
        var line = 1, lineStart = 0, i = 0
        // Open brackets of array values, and whether this line is a table header: a header's
        // first key is the one place toml++ reads without checking its first character.
        var arrays = 0, inHeader = false, blankSoFar = true
        func starts(_ s: String, at j: Int) -> Bool { bytes[j...].starts(with: s.utf8) }
        func isKeyStart(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
                || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "]")
        }
        while i < bytes.count {
            let b = bytes[i]
            // TOML allows no control character but tab, line feed and carriage return, anywhere.
            if b < 0x20 && b != 9 && b != 10 && b != 13 || b == 0x7F {
                throw ProfileError("\(file):\(line):\(i - lineStart + 1): a control character (\(b == 0 ? "NUL" : "0x" + String(b, radix: 16))); a profile is text")
            }
            switch place {
            case .code:
                if b >= 0x80 {
                    throw ProfileError("\(file):\(line):\(i - lineStart + 1): a character outside a string or comment must be ASCII (quote the key: \"...\")")
                }
                if b == UInt8(ascii: "["), arrays == 0, blankSoFar {
                    var j = i + 1
                    if j < bytes.count, bytes[j] == UInt8(ascii: "[") { j += 1 }
                    while j < bytes.count, bytes[j] == 32 || bytes[j] == 9 { j += 1 }
                    guard j < bytes.count, isKeyStart(bytes[j]) else {
                        throw ProfileError("\(file):\(line):\(j - lineStart + 1): a table header must start with a key ([name], [\"quoted name\"])")
                    }
                    inHeader = true
                } else if b == UInt8(ascii: "[") {
                    arrays += 1
                } else if b == UInt8(ascii: "]"), !inHeader, arrays > 0 {
                    arrays -= 1
                }
                if b != 32 && b != 9 && b != 10 && b != 13 { blankSoFar = false }
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
            if i < bytes.count, bytes[i] == 10 {
                line += 1
                lineStart = i + 1
                inHeader = false
                blankSoFar = true
            }
            i += 1
        }
    }
}
