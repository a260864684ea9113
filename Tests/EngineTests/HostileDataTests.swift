import CZlib
import Engine
import Foundation
import TestSupport
import Testing

/// Crafted and damaged data files, built by the tests: each must end in an error that names the
/// file and says what is wrong, quickly, without a crash.
@Suite struct HostileDataTests {
    static func scratch() throws -> URL { try TestSupport.temporaryDirectory() }

    static func expectError(reading path: String, dimensions: Int = 3, _ expected: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try IDXFile.read(path: path, expectedDimensions: dimensions)
        } throws: { error in
            guard let error = error as? DataError, error.path == path, error.problem.contains(expected) else {
                Issue.record("\(error)", sourceLocation: sourceLocation)
                return false
            }
            return true
        }
    }

    @Test func headerSizesThatOverflowAreRefusedInMemoryAndOnDisk() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let header: [UInt8] = [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12)
        #expect { try IDXFile.parse(header + [1, 2, 3], path: "x", expectedDimensions: 3) } throws: { error in
            (error as? DataError)?.problem.contains("header promises 4294967295x4294967295x4294967295 bytes of data") == true
        }
        let path = directory.appendingPathComponent("train-images-idx3-ubyte.gz").path
        TestSupport.gzip(header + [1, 2, 3], to: path)
        Self.expectError(reading: path, "not a real data file?")
        // One huge dimension alone is refused too, before anything is allocated.
        TestSupport.gzip([0, 0, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF], to: path)
        Self.expectError(reading: path, dimensions: 1, "more than the 1 GiB")
    }

    /// 64 MB of zeros after a header promising 7,840 bytes: reading stops right after them.
    @Test(.timeLimit(.minutes(1)))
    func aGzipBombIsNotDecompressedPastWhatItsHeaderPromises() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t10k-images-idx3-ubyte.gz").path
        let file = try #require(gzopen(path, "wb9"))
        let header = IDXFile.encode(dimensions: [10, 28, 28], data: [])
        _ = header.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<64 { _ = zeros.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) } }
        gzclose(file)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < 200_000, "the bomb should be small on disk")
        let started = Date()
        Self.expectError(reading: path, "holds more than the 7840 data bytes its header promises (10x28x28); reading stopped there")
        #expect(Date().timeIntervalSince(started) < 0.5)
    }

    @Test func bytesAfterTheGzipStreamAreAnErrorButAnotherMemberIsData() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = IDXFile.encode(dimensions: [2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8])
        let first = directory.appendingPathComponent("first.gz").path, second = directory.appendingPathComponent("second.gz").path
        TestSupport.gzip(Array(whole.prefix(10)), to: first)
        TestSupport.gzip(Array(whole.dropFirst(10)), to: second)
        let path = directory.appendingPathComponent("x-idx3-ubyte.gz").path
        let members = try Data(contentsOf: URL(fileURLWithPath: first)) + Data(contentsOf: URL(fileURLWithPath: second))
        try members.write(to: URL(fileURLWithPath: path))
        #expect(try IDXFile.read(path: path, expectedDimensions: 3).bytes == [1, 2, 3, 4, 5, 6, 7, 8])
        TestSupport.gzip(whole, to: path)
        try (Data(contentsOf: URL(fileURLWithPath: path)) + Data("junk".utf8)).write(to: URL(fileURLWithPath: path))
        Self.expectError(reading: path, "4 unexpected bytes after the end of the gzip data")
    }

    @Test func aDamagedChecksumIsCaught() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("x-idx3-ubyte.gz").path
        TestSupport.gzip(IDXFile.encode(dimensions: [2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8]), to: path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 8] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        Self.expectError(reading: path, "corrupt gzip data (incorrect data check)")
    }

    @Test func thingsThatAreNotFilesAreNamedForWhatTheyAre() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("folder-idx3-ubyte.gz")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        Self.expectError(reading: folder.path, "is a folder, not a data file")
        let loop = directory.appendingPathComponent("loop-idx3-ubyte").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        Self.expectError(reading: loop, "symlink loop")
        let dangling = directory.appendingPathComponent("dangling-idx3-ubyte").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: directory.appendingPathComponent("gone").path)
        Self.expectError(reading: dangling, "a symbolic link to something that does not exist")
        let fifo = directory.appendingPathComponent("fifo-idx3-ubyte").path
        #expect(mkfifo(fifo, 0o644) == 0)
        Self.expectError(reading: fifo, "is not a regular file")
        let empty = directory.appendingPathComponent("empty-idx3-ubyte.gz").path
        try Data().write(to: URL(fileURLWithPath: empty))
        Self.expectError(reading: empty, "not a gzip file")
    }

    @Test func theDataFolderCheckedForWhatItIs() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let loop = directory.appendingPathComponent("loop").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        for (path, message) in [("", "the data folder path is empty"), (file.path, "is a file, not a folder holding the four MNIST IDX files"),
                                (loop, "a symbolic link that leads nowhere (a symlink loop")] {
            #expect { try MNIST.load(directory: path) } throws: { ($0 as? DataError)?.problem.contains(message) == true }
        }
        // Inside a good folder, a data file that is a symlink loop is reported as one.
        TestSupport.writeMNIST(to: directory)
        let labels = directory.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
        try FileManager.default.removeItem(at: labels)
        try FileManager.default.createSymbolicLink(atPath: labels.path, withDestinationPath: labels.path)
        #expect { try MNIST.load(directory: directory.path, trainCount: 10, validationCount: 10) } throws: {
            ($0 as? DataError)?.problem.contains("symlink loop") == true
        }
    }

    @Test func aTestFileWithoutImagesIsRefused() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        TestSupport.writeMNIST(to: directory)
        TestSupport.gzip(IDXFile.encode(dimensions: [0, 28, 28], data: []), to: directory.appendingPathComponent("t10k-images-idx3-ubyte.gz").path)
        TestSupport.gzip(IDXFile.encode(dimensions: [0], data: []), to: directory.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path)
        #expect { try MNIST.load(directory: directory.path, trainCount: 10, validationCount: 10) } throws: {
            ($0 as? DataError)?.description.hasSuffix("t10k-images-idx3-ubyte.gz: holds no images (its header says 0)") == true
        }
    }

    @Test func rawAndGzipCopiesMustAgree() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        TestSupport.writeMNIST(to: directory)
        TestSupport.writeMNIST(to: directory, raw: true)
        // The same data twice is fine.
        #expect(try MNIST.load(directory: directory.path, trainCount: 10, validationCount: 10).test.count == 10)
        let set = TestSupport.images(count: 10, seed: 99)
        try Data(IDXFile.encode(dimensions: [10, 28, 28], data: set.pixels))
            .write(to: directory.appendingPathComponent("t10k-images-idx3-ubyte"))
        #expect { try MNIST.load(directory: directory.path, trainCount: 10, validationCount: 10) } throws: {
            ($0 as? DataError)?.description.contains("t10k-images-idx3-ubyte.gz: differs from t10k-images-idx3-ubyte in the same folder") == true
        }
    }
}
