import CZlib
import Engine
import Foundation

/// Helpers shared by every test target: the repository, the built binary, temporary folders,
/// gzip writing, small data sets.
public enum TestSupport {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static let bundledMNIST = repositoryRoot.appendingPathComponent("sample-data/mnist").path

    /// The `aetui` binary that `swift test` built next to the test bundle (or a release build).
    public static func executable() throws -> URL {
        let nextToTests = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("aetui")
        let candidates = [nextToTests] + ["debug", "release"].map { repositoryRoot.appendingPathComponent(".build/\($0)/aetui") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw SpawnError(description: "the aetui binary was not found (looked at \(candidates.map(\.path)))")
        }
        return found
    }

    /// A new empty folder under the system's temporary folder.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aetui-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public static func write(_ data: Data, to path: String) throws {
        try data.write(to: URL(fileURLWithPath: path))
    }

    public static func gzip(_ bytes: [UInt8], to path: String) {
        let file = gzopen(path, "wb")!
        _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
    }

    /// A small labelled set: `count` random 28x28 images and labels cycling 0-9.
    public static func images(count: Int, seed: UInt64 = 1) -> (pixels: [UInt8], labels: [UInt8]) {
        var rng = RandomGenerator(seed: seed)
        return ((0..<(count * 784)).map { _ in UInt8(rng.below(256)) }, (0..<count).map { UInt8($0 % 10) })
    }

    /// Small MNIST-shaped data (labels cycling 0-9) written by `writeMNIST` and loaded as usual.
    public static func loadedMNIST(trainCount: Int, validationCount: Int, testCount: Int) throws -> MNIST {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        writeMNIST(to: directory, trainCount: trainCount + validationCount, testCount: testCount)
        return try MNIST.load(directory: directory.path, trainCount: trainCount, validationCount: validationCount)
    }

    /// Writes the four MNIST files into `directory` (gzip'd unless `raw`).
    public static func writeMNIST(to directory: URL, trainCount: Int = 30, testCount: Int = 10, raw: Bool = false) {
        for (stem, count) in [("train", trainCount), ("t10k", testCount)] {
            let set = images(count: count, seed: UInt64(count))
            let imageBytes = IDXFile.encode(dimensions: [count, 28, 28], data: set.pixels)
            let labelBytes = IDXFile.encode(dimensions: [count], data: set.labels)
            let imagePath = directory.appendingPathComponent("\(stem)-images-idx3-ubyte").path
            let labelPath = directory.appendingPathComponent("\(stem)-labels-idx1-ubyte").path
            if raw {
                try? write(Data(imageBytes), to: imagePath)
                try? write(Data(labelBytes), to: labelPath)
            } else {
                gzip(imageBytes, to: imagePath + ".gz")
                gzip(labelBytes, to: labelPath + ".gz")
            }
        }
    }
}
