import Foundation

/// A run folder that cannot be created, written or claimed, worded for a person: what failed,
/// where, and why; and, when a save failed, where what could be kept was put.
public struct RunStoreError: Error, CustomStringConvertible, Equatable {
    /// What was being done, e.g. "cannot write" or "cannot create the runs folder".
    public let action: String
    public let path: String
    public let reason: String
    /// Where the run was saved instead (a fallback folder, or the partial folder left in place).
    public var kept: String?

    public init(action: String, path: String, reason: String, kept: String? = nil) {
        self.action = action
        self.path = path
        self.reason = reason
        self.kept = kept
    }

    /// The error of a failed system call, `errno` worded for a person.
    static func system(_ action: String, _ path: String, errno code: Int32 = errno) -> RunStoreError {
        RunStoreError(action: action, path: path, reason: describe(errno: code))
    }

    public var description: String {
        var text = "\(action) \(path): \(reason)"
        // One line: the lab shows it in its footer.
        if let kept { text += "; what could be kept is in \(kept)" }
        return text
    }

    /// The usual causes said plainly; anything else as the system says it.
    static func describe(errno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "the disk quota is exceeded"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case ENOENT: return "no such file or directory (the folder above it is gone, or takes no new entries)"
        case ELOOP: return "too many levels of symbolic links (a symlink loop?)"
        case ENAMETOOLONG: return "the path is too long"
        case EEXIST: return "something with that name already exists"
        case EIO: return "input/output error (a failing disk or a lost network mount?)"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
