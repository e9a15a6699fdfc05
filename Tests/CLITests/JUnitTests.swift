import Foundation
import Testing

/// `showcall test --junit FILE`: the outcomes as JUnit XML for CI systems.
@Suite("test --junit")
struct JUnitTests {
    @Test("one testsuite per file, one testcase per spec; failures and errors with their messages, escaped; the XML parses")
    func junit() throws {
        let dir = try scratch([
            "spec/a_spec.lua": """
                describe("cues", function()
                  it("passes", function() expect(1 + 1).to_be(2) end)
                  it("fails <here> & \\"there\\"", function() expect(1).to_be(2) end)
                  it("errors", function() error("boom") end)
                end)
                """,
            "spec/b_spec.lua": "this is not Lua\n",
        ])
        let r = try ShowCallProcess.run(["test", "--junit", "out.xml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.hasSuffix("1 passed, 1 failed, 2 errors in 2 files\n"), "\(r.stdout)")
        // Read as a CI system would: by an XML parser (Python's), into plain data.
        let parsed = try Self.parse(dir.appendingPathComponent("out.xml"))
        #expect(parsed["tests"] as? String == "4" && parsed["failures"] as? String == "1" && parsed["errors"] as? String == "2", "\(parsed)")
        let suites = parsed["suites"] as? [[String: Any]] ?? []
        #expect(suites.map { $0["name"] as? String } == ["spec/a_spec.lua", "spec/b_spec.lua"])
        let cases = suites.first?["cases"] as? [[String: Any]] ?? []
        #expect(cases.map { $0["name"] as? String } == ["cues passes", "cues fails <here> & \"there\"", "cues errors"])
        #expect(cases.count == 3 && cases[1]["failure"] as? String == "spec/a_spec.lua:3: expected 2, got 1", "\(cases)")
        #expect(cases.count == 3 && cases[2]["error"] as? String == "spec/a_spec.lua:4: boom", "\(cases)")
        let broken = (suites.last?["cases"] as? [[String: Any]])?.first
        #expect((broken?["error"] as? String)?.contains("spec/b_spec.lua:1:") == true, "\(String(describing: broken))")
    }

    /// The report, parsed by Python's XML parser, as JSON: the totals, each suite and its cases.
    static func parse(_ file: URL) throws -> [String: Any] {
        let program = """
            json, sys, ET = __import__("json"), __import__("sys"), __import__("xml.etree.ElementTree", fromlist=["ElementTree"])
            root = ET.parse(sys.argv[1]).getroot()
            def case(c):
                out = {"name": c.get("name")}
                for tag, key in (("failure", "failure"), ("error", "error")):
                    e = c.find(tag)
                    if e is not None: out[key] = e.get("message")
                return out
            print(json.dumps({"tests": root.get("tests"), "failures": root.get("failures"), "errors": root.get("errors"),
                              "suites": [{"name": s.get("name"), "cases": [case(c) for c in s.findall("testcase")]} for s in root.findall("testsuite")]}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", program, file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
