/// A profile's `[NAME.huawei]` table: where Huawei Cloud Meeting is, and the host password
/// used for a conference a script names without one.
public struct HuaweiSettings: Sendable {
    public var baseURL: String
    public var credentials: HuaweiClient.Credentials

    public init(baseURL: String, credentials: HuaweiClient.Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }
}
