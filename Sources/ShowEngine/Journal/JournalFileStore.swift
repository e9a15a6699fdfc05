import Foundation
import Synchronization

/// A journal kept as a JSON Lines file: each append written and fdatasync'd before it returns
/// (lines handed over are written, in the page cache, which a dying process does not lose), the
/// file and its directory made with the first write (mode 0600 in a 0700 directory, the file
/// whole with its first lines), the directory synced so the new file's name is durable too.
public final class JournalFileStore: JournalStore {
    public let path: String
    private let fd = Mutex<Int32>(-1)

    public init(path: String) { self.path = path }

    deinit {
        let fd = fd.withLock { $0 }
        if fd >= 0 { close(fd) }
    }

    public var location: String { path }

    public func append(_ lines: [JournalLine]) -> String? {
        write(lines) { descriptor in fdatasync(descriptor) == 0 ? nil : String(cString: strerror(errno)) }
    }

    public func handOver(_ lines: [JournalLine]) -> String? {
        write(lines) { _ in nil }
    }

    private func write(_ lines: [JournalLine], then finish: (Int32) -> String?) -> String? {
        let bytes = Array(lines.map(\.text).joined().utf8)
        var descriptor = fd.withLock { $0 }
        if descriptor < 0 {
            descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            if descriptor < 0, errno == ENOENT { return create(bytes, then: finish) }
            if descriptor < 0 { return String(cString: strerror(errno)) }
            fd.withLock { $0 = descriptor }
        }
        return Self.write(bytes, to: descriptor) ?? finish(descriptor)
    }

    /// Makes the journal with its first lines in it: they are written to a file beside it,
    /// which is then renamed, so that a run killed at any instant leaves no journal or one that
    /// begins with its first entry, never an empty file resume cannot read.
    private func create(_ bytes: [UInt8], then finish: (Int32) -> String?) -> String? {
        let temporary = path + ".new"
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0, errno == ENOENT {
            try? FileManager.default.createDirectory(atPath: Self.directory(of: path), withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        if descriptor < 0 { return String(cString: strerror(errno)) }
        if let failure = Self.write(bytes, to: descriptor) ?? finish(descriptor) {
            close(descriptor)
            unlink(temporary)
            return failure
        }
        if rename(temporary, path) != 0 {
            let failure = String(cString: strerror(errno))
            close(descriptor)
            unlink(temporary)
            return failure
        }
        fd.withLock { $0 = descriptor }
        Self.syncDirectory(of: path)
        return nil
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var rest = bytes[...]
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            rest = rest.dropFirst(n)
        }
        return nil
    }

    /// Whether `path` can be a journal: not there yet, or a regular file. A directory or a
    /// device is none: /dev/full loses what is written, /dev/zero never ends.
    public static func canHold(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) != 0 || status.st_mode & S_IFMT == S_IFREG
    }

    public func read(after offset: Int) throws -> (bytes: [UInt8], next: Int) {
        // Said with its path, where Foundation's error named neither.
        guard Self.canHold(path) else { throw JournalError("cannot read the journal \(path): not a regular file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw JournalError("cannot read the journal \(path): \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let bytes = [UInt8](try handle.readToEnd() ?? Data())
        return (bytes, offset + bytes.count)
    }

    /// A new file's directory entry is only durable once its directory is synced.
    private static func syncDirectory(of path: String) {
        let fd = open(directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
