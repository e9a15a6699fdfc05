import Foundation
import LuaHost

/// `showcall test --junit FILE`: the specs' outcomes as JUnit XML, which CI systems read (one
/// `<testsuite>` per spec file, one `<testcase>` per `it`, `<failure>` or `<error>` with the
/// message). The outcomes come from the spec runner (`showcall.spec_results`), through Lua:
/// each field is read as what it must be, and anything else is left out.
enum JUnitReport {
    struct Case {
        let file: String
        let name: String
        let status: String
        let message: String?
        let seconds: Double
    }

    static func cases(_ values: [LuaValue]) -> [Case] {
        values.compactMap { value in
            guard case .table(let t) = value, let file = t["file"].text, let name = t["name"].text,
                  let status = t["status"].text, ["passed", "failed", "error"].contains(status) else { return nil }
            let seconds = t["seconds"].number.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? 0
            return Case(file: file, name: name, status: status, message: t["message"].text, seconds: seconds)
        }
    }

    static func document(_ cases: [Case]) -> String {
        var files: [String] = []
        for c in cases where !files.contains(c.file) { files.append(c.file) }
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                   "<testsuites name=\"showcall test\" tests=\"\(cases.count)\" failures=\"\(count(cases, "failed"))\" errors=\"\(count(cases, "error"))\">"]
        for file in files {
            let mine = cases.filter { $0.file == file }
            out.append("  <testsuite name=\"\(escape(file))\" tests=\"\(mine.count)\" failures=\"\(count(mine, "failed"))\" errors=\"\(count(mine, "error"))\" time=\"\(time(mine.reduce(0) { $0 + $1.seconds }))\">")
            for c in mine {
                let open = "    <testcase classname=\"\(escape(file))\" name=\"\(escape(c.name))\" time=\"\(time(c.seconds))\""
                switch c.status {
                case "failed", "error":
                    let tag = c.status == "failed" ? "failure" : "error"
                    let message = escape(c.message ?? "")
                    out += [open + ">", "      <\(tag) message=\"\(message)\">\(message)</\(tag)>", "    </testcase>"]
                default:
                    out.append(open + "/>")
                }
            }
            out.append("  </testsuite>")
        }
        out.append("</testsuites>")
        return out.joined(separator: "\n") + "\n"
    }

    private static func count(_ cases: [Case], _ status: String) -> Int { cases.filter { $0.status == status }.count }

    private static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    /// Text for an attribute or element: markup escaped, and what XML 1.0 cannot hold (control
    /// characters but tab and newline) replaced.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case _ where scalar.value < 0x20 || (0xFFFE ... 0xFFFF).contains(scalar.value): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
