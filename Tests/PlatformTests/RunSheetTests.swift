import Foundation
import Testing

/// `showcall plan --html FILE`: the town hall's run sheet, opened in headless Chromium and
/// printed by it to PDF, as the floor manager would print it.
@Suite("The run sheet", .serialized)
struct RunSheetTests {
    static var showcall: URL {
        // The test bundle sits beside the products of the same build.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("showcall").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("showcall")
    }

    static let townHall = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/shows/town-hall.lua")

    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("the town hall's run sheet: steps on a time axis in New York time, cues and lanes marked; printed, one landscape page")
    func townHall() async throws {
        let output = ControlPageTests.output
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let sheet = output.appendingPathComponent("town-hall-runsheet.html")
        let plan = try Self.run(Self.showcall, ["plan", "--start", "11:30", "--html", sheet.path, Self.townHall.path])
        #expect(plan.status == 0, "\(plan.output)")
        try await Browser.with(width: 1400, height: 990) { page in
            try await page.open(sheet.absoluteString)
            try await page.waitUntil("return document.querySelectorAll('tbody tr').length === 6", "the six steps")
            #expect(try await page.text("h1") == "Town hall")
            #expect(try await page.text(".meta").contains("America/New_York"))
            let times = try await page.run("return [...document.querySelectorAll('td.time')].map(t => t.textContent)") as? [String]
            #expect(times == ["11:40:00", "11:45:00", "12:00:00", "12:25:00", "12:35:00", "13:00:00"], "\(times ?? [])")
            #expect(try await page.run("return document.querySelectorAll('.cue-box').length") as? Int == 4)
            #expect(try await page.text(".cue-box").contains("Presenter ready: GO to go live on every platform"))
            #expect(try await page.run("return document.querySelectorAll('.mark').length") as? Int == 6)
            // go-live's three secondary outputs run at once: three lanes.
            #expect(try await page.run("return document.querySelector('tr:nth-child(3) .lanes').children.length") as? Int == 3)
            try await page.screenshot(to: output.appendingPathComponent("town-hall-runsheet.png"))
        }
        let pdf = output.appendingPathComponent("town-hall-runsheet.pdf")
        try? FileManager.default.removeItem(at: pdf)
        let print = try Self.run(URL(fileURLWithPath: "/usr/bin/chromium"), [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer",
            "--print-to-pdf=\(pdf.path)", sheet.absoluteString,
        ])
        let bytes = try Data(contentsOf: pdf)
        let text = String(decoding: bytes, as: UTF8.self)
        let pages = try Regex(#"/Type\s*/Page(?![s\w])"#)
        #expect(text.matches(of: pages).count == 1, "\(print.output)")
        // Landscape: the page's box is wider than it is tall.
        if let box = text.firstMatch(of: try Regex(#"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)"#)),
           let w = Double(box.output[1].substring ?? ""), let h = Double(box.output[2].substring ?? "") {
            #expect(w > h, "MediaBox \(w) x \(h)")
        } else {
            Issue.record("no MediaBox in the PDF")
        }
    }
}
