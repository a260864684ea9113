@testable import Engine
import Foundation
import TestSupport
import Testing

/// Saved runs whose files were crafted or damaged: `RunStore.load` (what `aetui eval` calls) must
/// refuse each with the file and the reason, before allocating anything the files ask for.
@Suite struct HostileRunFileTests {
    /// A safetensors file from a header given as JSON text and `payload` data bytes.
    static func safetensors(header: String, payload: Int) -> Data {
        var json = Data(header.utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var file = Data()
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        return file + json + Data(count: payload)
    }

    @Test(arguments: [
        (#"{"w":{"dtype":"F32","shape":[-2,2],"data_offsets":[0,16]}}"#, "shape [-2, 2] is not a list of sizes >= 0"),
        (#"{"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,16]}}"#, "holds more values than the file has bytes"),
        (#"{"w":{"dtype":"F32","shape":[1e30],"data_offsets":[0,16]}}"#, "is not a list of sizes >= 0"),
        (#"{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,16]}}"#, "is not a list of sizes >= 0"),
        (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}}"#, "are not two byte offsets in increasing order"),
        (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[-16,0]}}"#, "are not two byte offsets in increasing order"),
        (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,1000]}}"#, "run past the end of the data (16 bytes)"),
        (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,9223372036854775807]}}"#, "are not two byte offsets"),
        (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0]}}"#, "are not two byte offsets"),
        (#"{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#, "dtype F64, only F32 is supported"),
        (#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#, "hold 16 bytes, shape [3] of F32 needs 12"),
        (#"{"w":{"dtype":"F32","shape":"4","data_offsets":[0,16]}}"#, "malformed header entry"),
        (#"{"w":{"dtype":"F32","shape":[true],"data_offsets":[0,16]}}"#, "is not a list of sizes >= 0"),
        (#"[1,2]"#, "header is not a JSON object"),
        (#"{"w":"#, "header is not valid JSON"),
    ])
    func craftedSafetensorsHeaders(_ header: String, _ expected: String) {
        #expect {
            try Safetensors.decode(Self.safetensors(header: header, payload: 16), path: "w.safetensors")
        } throws: { error in
            guard let error = error as? DataError, error.problem.contains(expected) else {
                Issue.record("\(error)")
                return false
            }
            return true
        }
    }

    @Test func headerLengthsThatLieAreRefused() {
        var huge = Data(repeating: 0xFF, count: 8)
        huge.append(Data("{}".utf8))
        #expect { try Safetensors.decode(huge, path: "x") } throws: { ($0 as? DataError)?.problem.contains("exceeds the file") == true }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect { try Safetensors.decode(Self.safetensors(header: deep, payload: 0), path: "x") } throws: {
            ($0 as? DataError)?.problem.contains("nested 600 levels deep, more than the 512") == true
        }
    }

    /// The small set with a small test set too: every test here trains and saves a run.
    static let tiny = MNIST(train: TrainingTests.small.train, validation: TrainingTests.small.validation,
                            test: TrainingTests.small.test.subset(0..<200), directory: TrainingTests.small.directory)

    /// A real saved run, then one of its files replaced.
    static func savedRun() throws -> (runs: URL, folder: URL) {
        let runs = try TestSupport.temporaryDirectory()
        var config = TrainingTests.config(.supervised, epochs: 1)
        config.layers = [16, 2]
        config.classifier = [8]
        let trainer = Trainer(config: config, data: Self.tiny, gemm: GEMM())
        let folder = try RunStore.save(config: config, outcome: trainer.run(), model: trainer.model, kernel: "k", threads: 1,
                                       dataDirectory: "d", runsDirectory: runs)
        return (runs, folder)
    }

    static func expectLoadFails(_ folder: URL, file: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) { try RunStore.load(folder) } throws: { error in
            guard let error = error as? DataError, error.path.hasSuffix(file), error.problem.contains(expected) else {
                Issue.record("\(error)", sourceLocation: sourceLocation)
                return false
            }
            return true
        }
    }

    @Test func aTransposedTensorIsRefusedThoughItHasTheRightCount() throws {
        let (runs, folder) = try Self.savedRun()
        defer { try? FileManager.default.removeItem(at: runs) }
        let weights = folder.appendingPathComponent(RunStore.weightsFile)
        var tensors = try Safetensors.decode(Data(contentsOf: weights), path: "w")
        tensors["encoder.0.weight"]!.shape = [16, 784]
        try Safetensors.encode(tensors.sorted { $0.key < $1.key }.map { (name: $0.key, tensor: $0.value) }).write(to: weights)
        Self.expectLoadFails(folder, file: RunStore.weightsFile, "tensor encoder.0.weight has shape [16, 784], the config needs [784, 16]")
    }

    @Test func nanWeightsAreRefusedInsteadOfGivingHealthyLookingMetrics() throws {
        let (runs, folder) = try Self.savedRun()
        defer { try? FileManager.default.removeItem(at: runs) }
        let weights = folder.appendingPathComponent(RunStore.weightsFile)
        var tensors = try Safetensors.decode(Data(contentsOf: weights), path: "w")
        tensors["decoder.0.bias"]!.values[3] = .nan
        tensors["decoder.0.bias"]!.values[5] = .infinity
        try Safetensors.encode(tensors.sorted { $0.key < $1.key }.map { (name: $0.key, tensor: $0.value) }).write(to: weights)
        Self.expectLoadFails(folder, file: RunStore.weightsFile, "tensor decoder.0.bias holds 2 NaN or infinite values")
    }

    /// A weights file far larger than its model (a sparse file here) is refused before it is read.
    @Test func anOversizedWeightsFileIsRefusedUnread() throws {
        let (runs, folder) = try Self.savedRun()
        defer { try? FileManager.default.removeItem(at: runs) }
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(RunStore.weightsFile))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        Self.expectLoadFails(folder, file: RunStore.weightsFile, "is 1073741824 bytes, more than the")
    }

    @Test func runJSONFilesThatAreHugeOrNotFilesAreRefusedUnread() throws {
        let (runs, folder) = try Self.savedRun()
        defer { try? FileManager.default.removeItem(at: runs) }
        let config = folder.appendingPathComponent(RunStore.configFile)
        let handle = try FileHandle(forWritingTo: config)
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        Self.expectLoadFails(folder, file: RunStore.configFile, "is 1073741824 bytes, far more than a run's JSON file holds")
        try FileManager.default.removeItem(at: config)
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: false)
        Self.expectLoadFails(folder, file: RunStore.configFile, "is not a regular file")
    }

    /// The runs listing reads only the weights' header, and still calls damaged what `eval` would refuse
    /// for its layout: a truncated file, a garbled header, a lying header length, another model's weights.
    @Test func theListingCallsABrokenWeightsLayoutDamaged() throws {
        let (runs, folder) = try Self.savedRun()
        defer { try? FileManager.default.removeItem(at: runs) }
        #expect(RunCatalog.read(folder).damage == nil)
        let weights = folder.appendingPathComponent(RunStore.weightsFile)
        let original = try Data(contentsOf: weights)
        var other = try #require(RunCatalog.read(folder).config)
        other.layers = [32, 2]
        let otherModel = Autoencoder(config: other, capacity: 1)
        // What the listing says, then what loading the run says.
        let cases: [(Data, String, String)] = [
            (original.prefix(original.count / 2), "is \(original.count / 2) bytes where the config's layers take \(original.count)", "run past the end of the data"),
            (original.prefix(5), "is truncated", "too short for a safetensors header"),
            (Data(repeating: 0xFF, count: 8) + original.dropFirst(8), "has a header length", "exceeds the file"),
            (original.prefix(8) + Data(repeating: 0x7B, count: 16) + original.dropFirst(24), "has a header that is not valid JSON", "header is not valid JSON"),
            (try Safetensors.encode(otherModel.parameters.map { (name: $0.name, tensor: Safetensors.Tensor(shape: [$0.value.count], values: $0.value.toArray())) }),
             "truncated, or another model's", "the config needs"),
        ]
        for (data, listed, loaded) in cases {
            try data.write(to: weights)
            let damage = RunCatalog.read(folder).damage
            #expect(damage?.hasPrefix(RunStore.weightsFile) == true && damage?.contains(listed) == true, "\(damage ?? "nil")")
            Self.expectLoadFails(folder, file: RunStore.weightsFile, loaded)
        }
    }

    /// A FIFO in place of a run's file would block the listing forever: it is damaged, unread.
    @Test func theListingDoesNotWaitOnAFIFO() throws {
        for file in [RunStore.weightsFile, RunStore.configFile, RunStore.summaryFile, RunStore.metricsFile] {
            let (runs, folder) = try Self.savedRun()
            defer { try? FileManager.default.removeItem(at: runs) }
            let path = folder.appendingPathComponent(file).path
            try FileManager.default.removeItem(atPath: path)
            #expect(mkfifo(path, 0o644) == 0)
            let damage = RunCatalog.read(folder).damage
            #expect(damage?.contains("is not a regular file") == true, "\(file): \(damage ?? "nil")")
        }
    }

    /// A save replaces only a run's own earlier folder: what a search.json names may be anything.
    @Test func onlyARunFolderInTheRunsFolderIsReplaced() throws {
        let (runs, folder) = try Self.savedRun()
        defer { try? FileManager.default.removeItem(at: runs) }
        // A run folder (it has a config), but outside the runs folder: only that rule protects it.
        let outside = runs.deletingLastPathComponent().appendingPathComponent("aetui-victim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: folder.appendingPathComponent(RunStore.configFile), to: outside.appendingPathComponent(RunStore.configFile))
        defer { try? FileManager.default.removeItem(at: outside) }
        let notARun = runs.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notARun, withIntermediateDirectories: false)
        for candidate in [runs.appendingPathComponent("../\(outside.lastPathComponent)"), runs.appendingPathComponent("."), notARun, runs] {
            #expect(!RunStore.isReplaceableRun(candidate, in: runs), "\(candidate.path)")
        }
        #expect(RunStore.isReplaceableRun(folder, in: runs))
        let trainer = Trainer(config: try #require(RunCatalog.read(folder).config), data: Self.tiny, gemm: GEMM())
        _ = try RunStore.save(config: trainer.config, outcome: trainer.run(), model: trainer.model, kernel: "k", threads: 1,
                              dataDirectory: "d", runsDirectory: runs, replacing: outside)
        #expect(FileManager.default.fileExists(atPath: outside.path) && FileManager.default.fileExists(atPath: notARun.path))
    }

    @Test func strayAndMissingTensorsAreNamed() throws {
        let (runs, folder) = try Self.savedRun()
        defer { try? FileManager.default.removeItem(at: runs) }
        let weights = folder.appendingPathComponent(RunStore.weightsFile)
        var tensors = try Safetensors.decode(Data(contentsOf: weights), path: "w")
        tensors["extra.weight"] = .init(shape: [1], values: [0])
        try Safetensors.encode(tensors.map { (name: $0.key, tensor: $0.value) }).write(to: weights)
        Self.expectLoadFails(folder, file: RunStore.weightsFile, "tensor extra.weight is not part of the")
        tensors["extra.weight"] = nil
        tensors["classifier.1.bias"] = nil
        try Safetensors.encode(tensors.map { (name: $0.key, tensor: $0.value) }).write(to: weights)
        Self.expectLoadFails(folder, file: RunStore.weightsFile, "tensor classifier.1.bias is missing")
    }

    /// A field of the saved config set to a JSON value (nil: removed).
    @Test(arguments: [
        ("layers", "[16, 1000000000]", "of memory"),
        ("layers", "[16, 9223372036854775807]", "of memory"),
        ("layers", "[16, -2]", "field 'layers' sizes must be positive"),
        ("classifier", "[1000000000000]", "of memory"),
        ("batch_size", "9223372036854775807", "field 'batch_size' 9223372036854775807 is larger than the training set (600 images)"),
        ("train_count", "9223372036854775807", "field 'train_count + validation_count' must be at most 60000"),
        ("layers", "[16, 2.5]", "a value does not fit its field"),
        ("layers", "\"16,2\"", "field layers:"),
        ("model", "\"huge\"", "field model:"),
        ("epochs", "\"ten\"", "field epochs:"),
    ] as [(String, String?, String)])
    func craftedConfigsAreRefusedBeforeTheModelIsBuilt(_ key: String, _ value: String?, _ expected: String) throws {
        let (runs, folder) = try Self.savedRun()
        defer { try? FileManager.default.removeItem(at: runs) }
        let config = folder.appendingPathComponent(RunStore.configFile)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any])
        try #require(object[key] != nil)
        object[key] = try value.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
        try JSONSerialization.data(withJSONObject: object).write(to: config)
        Self.expectLoadFails(folder, file: RunStore.configFile, expected)
    }
}
