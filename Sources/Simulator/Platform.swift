/// A simulated platform's name, which is also its URL path prefix (`/vbrick/...`). Each
/// platform declares its own (`Platform.vbrick`) beside its routes; the set of them is
/// `World.platforms`, so a name no platform registered is not a `Platform`.
public struct Platform: RawRepresentable, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    public let rawValue: String

    /// The registered platform with this name, or nil.
    public init?(rawValue: String) {
        guard Self.allCases.contains(where: { $0.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// For a platform declaring its own name.
    init(declaring name: String) { rawValue = name }

    /// In the order `World.platforms` registers them.
    public static var allCases: [Platform] { World.platforms.map { $0.platform } }

    public var description: String { rawValue }
}
