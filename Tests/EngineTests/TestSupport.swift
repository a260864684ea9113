import CZlib
import Engine
import Foundation

/// Shared helpers for engine tests: temporary folders, gzip writing, the bundled data.
enum TestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let bundledMNIST = repositoryRoot.appendingPathComponent("sample-data/mnist").path

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aetui-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ data: Data, to path: String) throws {
        try data.write(to: URL(fileURLWithPath: path))
    }

    static func gzip(_ bytes: [UInt8], to path: String) {
        let file = gzopen(path, "wb")!
        _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
    }

    /// A small labelled set: `count` random 28x28 images and labels cycling 0-9.
    static func images(count: Int, seed: UInt64 = 1) -> (pixels: [UInt8], labels: [UInt8]) {
        var rng = RandomGenerator(seed: seed)
        return ((0..<(count * 784)).map { _ in UInt8(rng.below(256)) }, (0..<count).map { UInt8($0 % 10) })
    }

    /// Writes the four MNIST files into `directory` (gzip'd unless `raw`).
    static func writeMNIST(to directory: URL, trainCount: Int = 30, testCount: Int = 10, raw: Bool = false) {
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
