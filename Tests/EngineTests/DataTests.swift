import Engine
import Foundation
import TestSupport
import Testing

@Suite struct IDXTests {
    @Test(arguments: [false, true])
    func roundTrip(gzip: Bool) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data: [UInt8] = (0..<(3 * 2 * 4)).map { UInt8($0 * 7 % 256) }
        let bytes = IDXFile.encode(dimensions: [3, 2, 4], data: data)
        let path = directory.appendingPathComponent(gzip ? "x-idx3-ubyte.gz" : "x-idx3-ubyte").path
        if gzip { TestSupport.gzip(bytes, to: path) } else { try TestSupport.write(Data(bytes), to: path) }
        let file = try IDXFile.read(path: path, expectedDimensions: 3)
        #expect(file.dimensions == [3, 2, 4])
        #expect(file.count == 3)
        #expect(file.itemSize == 8)
        #expect(file.bytes == data)
    }

    /// A truncated one-dimensional file (labels) states its promise without a shape to multiply out.
    @Test func truncatedLabelsStateTheirSize() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("labels-idx1-ubyte").path
        try TestSupport.write(Data(IDXFile.encode(dimensions: [6], data: [1, 2, 3, 4, 5, 6]).dropLast(2)), to: path)
        #expect {
            try IDXFile.read(path: path, expectedDimensions: 1)
        } throws: { error in
            (error as? DataError)?.problem == "truncated: header promises 6 data bytes, found 4"
        }
    }

    /// Each bad file gives a DataError naming the file and the problem — never a trap.
    @Test(arguments: [
        ("wrong magic", "bad magic number 0x00000801"),
        ("truncated data", "truncated: header promises 2x2x2 = 8 data bytes, found 5"),
        ("truncated header", "truncated: the header needs"),
        ("extra bytes", "holds more than the 8 data bytes its header promises (2x2x2)"),
        ("not gzip", "not a gzip file"),
        ("truncated gzip", "truncated gzip data"),
        ("missing", "file not found"),
    ])
    func badFile(_ kind: String, _ expected: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = IDXFile.encode(dimensions: [2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8])
        var path = directory.appendingPathComponent("bad-idx3-ubyte").path
        switch kind {
        case "wrong magic":
            try TestSupport.write(Data(IDXFile.encode(dimensions: [2], data: [1, 2])), to: path)
        case "truncated data":
            try TestSupport.write(Data(good.dropLast(3)), to: path)
        case "truncated header":
            try TestSupport.write(Data(good.prefix(9)), to: path)
        case "extra bytes":
            try TestSupport.write(Data(good + [0, 0]), to: path)
        case "not gzip":
            path += ".gz"
            try TestSupport.write(Data(good), to: path)
        case "truncated gzip":
            path += ".gz"
            let whole = directory.appendingPathComponent("whole.gz").path
            TestSupport.gzip(IDXFile.encode(dimensions: [20, 10, 25], data: (0..<5000).map { UInt8($0 % 251) }), to: whole)
            let compressed = try Data(contentsOf: URL(fileURLWithPath: whole))
            try TestSupport.write(compressed.prefix(compressed.count / 2), to: path)
        default:
            path += "-does-not-exist"
        }
        #expect {
            try IDXFile.read(path: path, expectedDimensions: 3)
        } throws: { error in
            guard let error = error as? DataError else { return false }
            return error.path == path && error.problem.contains(expected)
        }
    }
}

@Suite struct MNISTTests {
    @Test func loadsSmallGeneratedSetRawAndGzip() throws {
        for raw in [false, true] {
            let directory = try TestSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            TestSupport.writeMNIST(to: directory, trainCount: 30, testCount: 10, raw: raw)
            let data = try MNIST.load(directory: directory.path, trainCount: 20, validationCount: 10)
            #expect(data.train.count == 20)
            #expect(data.validation.count == 10)
            #expect(data.test.count == 10)
            let source = TestSupport.images(count: 30, seed: 30)
            #expect(data.validation.labels == Array(source.labels[20..<30]))
            #expect(data.validation.image(0) == source.pixels[(20 * 784)..<(21 * 784)].map { Float($0) / 255 })
        }
    }

    /// `--train all` asks the training file's header how many images it holds, raw or gzip'd.
    @Test func trainingImageCountReadsTheHeader() throws {
        for raw in [false, true] {
            let directory = try TestSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            TestSupport.writeMNIST(to: directory, trainCount: 37, testCount: 10, raw: raw)
            #expect(try MNIST.trainingImageCount(directory: directory.path) == 37)
        }
        #expect(throws: DataError.self) { try MNIST.trainingImageCount(directory: "/nonexistent/mnist") }
    }

    @Test func countMismatchNamesTheLabelFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        TestSupport.writeMNIST(to: directory)
        let labels = directory.appendingPathComponent("train-labels-idx1-ubyte.gz").path
        TestSupport.gzip(IDXFile.encode(dimensions: [29], data: [UInt8](repeating: 1, count: 29)), to: labels)
        #expect(throws: DataError(path: labels, problem: "has 29 labels but train-images-idx3-ubyte.gz has 30 images")) {
            try MNIST.load(directory: directory.path, trainCount: 10, validationCount: 10)
        }
    }

    @Test func wrongImageSize() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        TestSupport.writeMNIST(to: directory)
        let images = directory.appendingPathComponent("t10k-images-idx3-ubyte.gz").path
        TestSupport.gzip(IDXFile.encode(dimensions: [10, 14, 56], data: [UInt8](repeating: 0, count: 10 * 784)), to: images)
        #expect(throws: DataError(path: images, problem: "images are 14x56, expected 28x28")) {
            try MNIST.load(directory: directory.path, trainCount: 10, validationCount: 10)
        }
    }

    @Test func missingFolderAndFilesAndTooManyImages() throws {
        #expect(throws: DataError.self) { try MNIST.load(directory: "/nonexistent/aetui") }
        let empty = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect { try MNIST.load(directory: empty.path) } throws: { error in
            (error as? DataError)?.problem.hasPrefix("file not found") == true
        }
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        TestSupport.writeMNIST(to: directory)
        #expect { try MNIST.load(directory: directory.path, trainCount: 20, validationCount: 20) } throws: { error in
            (error as? DataError)?.problem.contains("has only 30") == true
        }
    }

    @Test func labelOutOfRange() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        TestSupport.writeMNIST(to: directory)
        let labels = directory.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path
        TestSupport.gzip(IDXFile.encode(dimensions: [10], data: [0, 1, 2, 3, 4, 5, 6, 7, 8, 12]), to: labels)
        #expect(throws: DataError(path: labels, problem: "label 12 at index 9 is not a digit 0-9")) {
            try MNIST.load(directory: directory.path, trainCount: 10, validationCount: 10)
        }
    }

    /// The bundled copy is the real MNIST: label counts as published in its README.
    @Test func bundledDataHasPublishedLabelCounts() throws {
        let data = try MNIST.load(directory: TestSupport.bundledMNIST, trainCount: 50_000, validationCount: 10_000)
        func counts(_ labels: [UInt8]) -> [Int] { (0..<10).map { digit in labels.count { $0 == digit } } }
        let train = zip(counts(data.train.labels), counts(data.validation.labels)).map { $0 + $1 }
        #expect(train == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(counts(data.test.labels) == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    }
}
