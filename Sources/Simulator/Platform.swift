/// The five simulated platforms; the raw value is the URL path prefix.
public enum Platform: String, CaseIterable, Sendable, Codable {
    case vbrick, convey, webex, zoom, huawei
}
