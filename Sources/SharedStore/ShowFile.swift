/// A file of a show's code as the run started with it: the script or a Lua file it may load,
/// by its path relative to the script's directory.
public struct ShowFile: Sendable {
    public let path: String
    public let sha256: String
    public let content: [UInt8]

    public init(path: String, sha256: String, content: [UInt8]) {
        (self.path, self.sha256, self.content) = (path, sha256, content)
    }
}
