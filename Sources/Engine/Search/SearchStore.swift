import Foundation
import Synchronization

/// A search folder: `search.json` plus one ordinary run folder per trial. Several processes (shards,
/// on several machines sharing the folder) and several threads (`--parallel`) update it at once:
/// each change is a read-modify-write of `search.json` under an exclusive `flock` on
/// `.search.lock`, written to a temporary file and renamed over the old one, so a reader never
/// sees half a file and no writer loses another's change. Trial runs are saved by `RunStore`,
/// whose names never collide.
public final class SearchStore: Sendable {
    public static let manifestFile = "search.json"
    static let lockFile = ".search.lock"

    public let directory: URL
    private let known = Mutex<SearchManifest?>(nil)

    public init(directory: URL) { self.directory = directory }

    /// The manifest as this store last read or wrote it: what a search still knows of its trials
    /// once its folder is gone.
    public var lastKnown: SearchManifest? { known.withLock { $0 } }

    /// Whether the folder still holds the search: a trial's run is not saved into a folder that
    /// was deleted (saving would create it again, holding that run alone).
    public var isPresent: Bool { Self.isSearch(directory) }

    public var manifestURL: URL { directory.appendingPathComponent(Self.manifestFile) }

    /// Whether `directory` holds a search.
    public static func isSearch(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(manifestFile).path)
    }

    /// Creates the search, or opens the same one left by an earlier or concurrent process; a
    /// folder holding another search is an error.
    public static func openOrCreate(directory: URL, manifest: SearchManifest) throws -> SearchStore {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SearchError("cannot create the search folder \(directory.path): \(error.localizedDescription)")
        }
        let store = SearchStore(directory: directory)
        try store.withLock {
            if let existing = try store.readIfPresent() {
                guard existing.isSameSearch(as: manifest) else {
                    throw SearchError("\(store.manifestURL.path) records another search (other grid or options): resume it with 'aetui search --resume \(directory.path)' or pick another --search-dir")
                }
            } else {
                try store.write(manifest)
            }
        }
        return store
    }

    /// The manifest as last written.
    public func read() throws -> SearchManifest {
        guard let manifest = try readIfPresent() else { throw SearchError("\(manifestURL.path): not found: is \(directory.path) a search folder?") }
        known.withLock { $0 = manifest }
        return manifest
    }

    private func readIfPresent() throws -> SearchManifest? {
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else { return nil }
        do {
            return try RunStore.decoder().decode(SearchManifest.self, from: data)
        } catch let error as DecodingError {
            throw SearchError("\(manifestURL.path): not a valid search file (\(JSONProblem.describeDecoding(error, data: data)))")
        }
    }

    /// Changes the manifest under the lock and returns the result.
    @discardableResult
    public func update(_ change: (inout SearchManifest) throws -> Void) throws -> SearchManifest {
        try withLock {
            guard var manifest = try readIfPresent() else { throw SearchFolderGone(directory: directory) }
            try change(&manifest)
            try write(manifest)
            return manifest
        }
    }

    private func write(_ manifest: SearchManifest) throws {
        let encoder = RunStore.encoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let temporary = directory.appendingPathComponent(".\(Self.manifestFile).\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try encoder.encode(manifest).write(to: temporary)
        } catch {
            throw SearchError("cannot write \(temporary.path): \(error.localizedDescription)")
        }
        guard rename(temporary.path, manifestURL.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw SearchError("cannot replace \(manifestURL.path): \(reason)")
        }
        known.withLock { $0 = manifest }
    }

    /// Runs `body` holding an exclusive lock shared with every other process and thread.
    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let path = directory.appendingPathComponent(Self.lockFile).path
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw SearchFolderGone(directory: directory) }
            throw SearchError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SearchError("cannot lock \(path): \(String(cString: strerror(errno)))") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

/// The search's folder, or its `search.json`, went away while the search ran (deleted or moved):
/// no trial can be claimed or recorded any more, so the search stops.
public struct SearchFolderGone: Error, CustomStringConvertible {
    public let directory: URL
    public init(directory: URL) { self.directory = directory }
    public var description: String {
        "the search folder \(directory.path) (or its \(SearchStore.manifestFile)) disappeared while the search ran: deleted or moved? The search stopped; no trial is saved there any more"
    }
}
