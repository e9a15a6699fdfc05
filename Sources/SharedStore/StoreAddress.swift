import Foundation
import NIOCore
import PostgresNIO

/// Where a shared store is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, from `--store`,
/// a profile's `store` or `$SHOWCALL_STORE`, checked as it enters. Its password never appears
/// in what it prints (`description`).
public struct StoreAddress: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let user: String
    let password: String?
    public let database: String

    public init(_ text: String) throws(StoreError) {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
            throw StoreError("store: must be postgres://USER@HOST:PORT/DATABASE")
        }
        guard let host = url.host, !host.isEmpty else { throw StoreError("store: the address has no host") }
        guard let user = url.user, !user.isEmpty else { throw StoreError("store: the address has no user (postgres://USER@HOST/DATABASE)") }
        let port = url.port ?? 5432
        guard (1 ... 65535).contains(port) else { throw StoreError("store: the port must be 1 to 65535") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw StoreError("store: the address names no database (…/DATABASE)") }
        guard url.query == nil, url.fragment == nil else { throw StoreError("store: the address takes no query or fragment") }
        (self.host, self.port, self.user, self.password, self.database) = (host, port, user, url.password, database)
    }

    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// An outage must surface within a lease's time, not after a default of ten seconds.
    static let connectTimeout = Duration.seconds(1)

    var configuration: PostgresClient.Configuration {
        var c = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        c.options.connectTimeout = Self.connectTimeout
        c.options.maximumConnections = 4
        return c
    }

    /// One connection of the pool's, on its own: the first check of an address.
    var connectionConfiguration: PostgresConnection.Configuration {
        var c = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        c.options.connectTimeout = TimeAmount(Self.connectTimeout)
        return c
    }
}

public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
