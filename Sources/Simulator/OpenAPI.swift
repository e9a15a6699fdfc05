/// The OpenAPI document served at `/<platform>/openapi.json`: the routes this simulator answers,
/// read from the platform's route table, so a client author can see the simulated surface at a glance.
enum OpenAPI {
    static func document(_ platform: Platform, baseURL: String) -> JSON {
        var paths: [String: JSON] = [:]
        for r in World.kind(platform).documentedRoutes {
            var item = paths[r.path]?.objectValue ?? [:]
            item[r.method] = ["summary": .string(r.summary), "responses": ["default": ["description": "See the platform document."]]]
            paths[r.path] = .object(item)
        }
        return ["openapi": "3.0.0", "info": ["title": .string("ShowCall simulator: \(platform.rawValue)"), "version": "1.0.0"],
                "servers": [["url": .string(baseURL)]], "paths": .object(paths)]
    }
}
