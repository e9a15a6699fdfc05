import Foundation

/// The control page's and the stage timer's files, compiled into the binary (no bundle to find at run time).
enum ControlPage {
    struct File: Sendable {
        let type: String
        let bytes: [UInt8]
    }

    static let files: [(path: String, file: File)] = [
        ("/", File(type: "text/html; charset=utf-8", bytes: PackageResources.panel_html)),
        ("panel.css", File(type: "text/css; charset=utf-8", bytes: PackageResources.panel_css)),
        ("panel.js", File(type: "text/javascript; charset=utf-8", bytes: PackageResources.panel_js)),
        ("clock.js", File(type: "text/javascript; charset=utf-8", bytes: PackageResources.clock_js)),
        // The stage timer: read-only, so a page holding only the view token shows it.
        ("stage", File(type: "text/html; charset=utf-8", bytes: PackageResources.stage_html)),
        ("stage.css", File(type: "text/css; charset=utf-8", bytes: PackageResources.stage_css)),
        ("stage.js", File(type: "text/javascript; charset=utf-8", bytes: PackageResources.stage_js)),
        // The running show's run sheet, from its state.
        ("runsheet", File(type: "text/html; charset=utf-8", bytes: PackageResources.runsheet_html)),
        ("runsheet.css", File(type: "text/css; charset=utf-8", bytes: PackageResources.runsheet_css)),
        ("runsheet.js", File(type: "text/javascript; charset=utf-8", bytes: PackageResources.runsheet_js)),
    ]
}

/// The run sheet as one self-contained HTML file (`showcall plan --html`): the page the control
/// API serves at `/runsheet`, its style and scripts inlined, and the shows' sheets (a JSON array
/// of `{show, tz, steps}`, as `showcall.show.report.sheet` makes them) in the page instead of
/// read from `/state`. One page, one renderer, for the printout and the live show alike.
public enum RunSheet {
    public static func document(sheets json: String) -> String {
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        // Inside <script>, "</" would end the element early.
        let safe = { (s: String) in s.replacingOccurrences(of: "</", with: "<\\/") }
        var page = text(PackageResources.runsheet_html)
        page = page.replacingOccurrences(of: #"<link rel="stylesheet" href="runsheet.css">"#,
                                         with: "<style>\n" + text(PackageResources.runsheet_css) + "</style>")
        page = page.replacingOccurrences(of: #"<script src="clock.js"></script>"#,
                                         with: "<script type=\"application/json\" id=\"sheet-data\">" + safe(json) + "</script>\n<script>\n" + safe(text(PackageResources.clock_js)) + "</script>")
        page = page.replacingOccurrences(of: #"<script src="runsheet.js"></script>"#,
                                         with: "<script>\n" + safe(text(PackageResources.runsheet_js)) + "</script>")
        return page
    }
}
