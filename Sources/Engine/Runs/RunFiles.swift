import Foundation

/// The few file-system calls a save needs, made directly so each failure keeps its `errno`
/// (a disk that fills, a read-only mount) and is reported as a `RunStoreError`.
enum RunFiles {
    /// Creates `path` and any missing parents; an existing folder is fine, an existing file is not.
    /// Returns the folders it created, outermost first.
    @discardableResult
    static func makeDirectories(_ path: String, what: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw RunStoreError(action: "cannot use \(what)", path: path, reason: "it is a file, not a folder")
            }
            return []
        }
        let parent = (path as NSString).deletingLastPathComponent
        var created: [String] = []
        if !parent.isEmpty && parent != path && parent != "/" { created = try makeDirectories(parent, what: what) }
        if mkdir(path, 0o755) != 0 {
            guard errno == EEXIST else { throw RunStoreError.system("cannot create \(what)", path) }
            return created
        }
        return created + [path]
    }

    /// Writes `data` into a new file (never over an existing one), flushed to the disk before it
    /// is closed, so the rename that publishes a run never publishes half a file.
    static func write(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw RunStoreError.system("cannot create", path) }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0 && fsync(descriptor) != 0 && errno != EINVAL { failure = errno }
        // On network file systems a full disk may only show when the file is closed.
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw RunStoreError.system("cannot write", path, errno: failure) }
    }

    /// Removes a folder and everything in it; a folder already gone is not an error.
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// This machine's name as it appears in partial-folder names: letters, digits and dots only.
    /// Whether process `pid` of this host is running (EPERM: it is, as another user's).
    static func isRunning(pid: Int32) -> Bool { pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) }

    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cleaned = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") ? $0 : "_" })
        return cleaned.isEmpty ? "unknown" : cleaned
    }()
}
