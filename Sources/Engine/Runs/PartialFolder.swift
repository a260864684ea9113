import Foundation

/// The hidden folder a run is written into before it is renamed into place:
/// `.partial-<pid>-<token>-<host>`, so that anyone can tell whose it is.
///
/// A process killed during a save (`kill -9`, a power cut) leaves its partial folder behind; the
/// next save into the same runs folder removes it once its owner is known to be dead: on this
/// machine, when no process has its pid; from another machine sharing the folder, whose processes
/// cannot be seen from here, once it has not changed for `foreignAge` (a save takes seconds).
struct PartialFolder: Equatable {
    static let prefix = ".partial-"
    static let foreignAge: TimeInterval = 24 * 3600

    let pid: Int32
    let token: String
    let host: String

    var name: String { "\(Self.prefix)\(pid)-\(token)-\(host)" }

    /// A new name owned by this process.
    static func mine() -> PartialFolder {
        PartialFolder(pid: getpid(), token: String(UInt32.random(in: 0...UInt32.max), radix: 16), host: RunFiles.hostName)
    }

    /// The owner recorded in a folder name, or nil for anything else (including older layouts).
    init?(name: String) {
        guard name.hasPrefix(Self.prefix) else { return nil }
        let fields = name.dropFirst(Self.prefix.count).split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let pid = Int32(fields[0]), pid > 0, !fields[2].isEmpty else { return nil }
        self.init(pid: pid, token: String(fields[1]), host: String(fields[2]))
    }

    init(pid: Int32, token: String, host: String) {
        self.pid = pid
        self.token = token
        self.host = host
    }

    /// True when the folder's writer cannot be running any more.
    func isStale(modified: Date, now: Date = Date()) -> Bool {
        guard host == RunFiles.hostName else { return now.timeIntervalSince(modified) > Self.foreignAge }
        return !RunFiles.isRunning(pid: pid)
    }

    /// Removes the stale partial folders in `runsDirectory`; returns the names it removed.
    @discardableResult
    static func removeStale(in runsDirectory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runsDirectory) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let partial = PartialFolder(name: name) else { continue }
            let path = (runsDirectory as NSString).appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let modified = attributes[.modificationDate] as? Date,
                  partial.isStale(modified: modified) else { continue }
            RunFiles.removeTree(path)
            removed.append(name)
        }
        return removed
    }
}
