/// The control page's files, compiled into the binary (no bundle to find at run time).
enum ControlPage {
    struct File: Sendable {
        let type: String
        let bytes: [UInt8]
    }

    static let files: [(path: String, file: File)] = [
        ("/", File(type: "text/html; charset=utf-8", bytes: PackageResources.panel_html)),
        ("panel.css", File(type: "text/css; charset=utf-8", bytes: PackageResources.panel_css)),
        ("panel.js", File(type: "text/javascript; charset=utf-8", bytes: PackageResources.panel_js)),
    ]
}
