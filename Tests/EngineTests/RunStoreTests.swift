import Engine
import Foundation
import TestSupport
import Testing

@Suite struct SafetensorsTests {
    @Test func roundTrip() throws {
        let tensors: [(name: String, tensor: Safetensors.Tensor)] = [
            ("a.weight", .init(shape: [2, 3], values: [1, -2, 3.5, 0, .pi, -0])),
            ("a.bias", .init(shape: [3], values: [0.25, 0.5, 0.75])),
        ]
        let data = try Safetensors.encode(tensors, metadata: ["format": "aetui"])
        // Layout: u64 little-endian header size, header padded to 8 bytes, then the data.
        let headerSize = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerSize % 8 == 0)
        #expect(data.count == 8 + headerSize + 9 * 4)
        let decoded = try Safetensors.decode(data, path: "x")
        #expect(decoded["a.weight"] == tensors[0].tensor)
        #expect(decoded["a.bias"] == tensors[1].tensor)
    }

    @Test func rejectsCorruptFiles() {
        #expect(throws: DataError.self) { try Safetensors.decode(Data([1, 2, 3]), path: "x") }
        #expect(throws: DataError.self) { try Safetensors.decode(Data([255, 0, 0, 0, 0, 0, 0, 0, 0x7B]), path: "x") }
        let header = Data(#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#.utf8)
        var file = Data([UInt8(header.count), 0, 0, 0, 0, 0, 0, 0]) + header
        file.append(Data(count: 8))
        #expect { try Safetensors.decode(file, path: "w.safetensors") } throws: { error in
            (error as? DataError)?.problem.contains("data offsets [0, 16] run past the end of the data (8 bytes)") == true
        }
    }
}

@Suite struct RunStoreTests {
    @Test func saveThenLoadGivesTheSameModel() throws {
        var config = TrainingTests.config(.supervised, epochs: 2)
        config.validationCount = 300
        let trainer = Trainer(config: config, data: TrainingTests.small, gemm: GEMM())
        let outcome = trainer.run()
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        let folder = try RunStore.save(config: config, outcome: outcome, model: trainer.model, kernel: "k", threads: 1,
                                       dataDirectory: TestSupport.bundledMNIST, runsDirectory: runs,
                                       date: Date(timeIntervalSince1970: 1_795_000_000))
        let accuracy = String(format: "%.3f", outcome.test!.valAccuracy!)
        #expect(folder.lastPathComponent == "20261118-110640-supervised-val_acc=\(accuracy)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["config.json", "latent_timelapse.bin", "metrics.jsonl", "summary.json", "weights.safetensors"])
        // No temporary folder is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: runs.path) == [folder.lastPathComponent])
        let lines = try String(contentsOf: folder.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"train_loss\"") && lines[0].contains("\"val_accuracy\""))

        let (loadedConfig, model, summary) = try RunStore.load(folder)
        #expect(loadedConfig == config)
        #expect(summary?.status == .finished)
        for (saved, loaded) in zip(trainer.model.parameters, model.parameters) {
            #expect(saved.value.toArray() == loaded.value.toArray(), "\(saved.name)")
        }
        let test = Evaluator(model: model, gemm: GEMM(), batch: Batch(capacity: model.capacity))
            .testMetrics(data: TrainingTests.small, pool: nil)
        #expect(test == outcome.test)
    }

    @Test func savingAgainReplacesTheEarlierFolder() throws {
        let config = TrainingTests.config(.standard, epochs: 1)
        let trainer = Trainer(config: config, data: TrainingTests.small, gemm: GEMM())
        var outcome = trainer.run()
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        outcome.status = .running
        let first = try RunStore.save(config: config, outcome: outcome, model: trainer.model, kernel: "k", threads: 1,
                                      dataDirectory: "d", runsDirectory: runs)
        #expect(first.lastPathComponent.contains("-standard-running-probe_acc="))
        outcome.status = .finished
        let second = try RunStore.save(config: config, outcome: outcome, model: trainer.model, kernel: "k", threads: 1,
                                       dataDirectory: "d", runsDirectory: runs, replacing: first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: runs.path) == [second.lastPathComponent])
    }

    @Test func aConfigSavedBeforeAFieldExistedStillLoads() throws {
        let old = #"{"model": "standard", "layers": [64, 2], "learning_rate": 0.01}"#
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(old.utf8))
        var expected = TrainingConfig()
        expected.model = .standard
        expected.layers = [64, 2]
        expected.learningRate = 0.01
        // Trained before schedules, kept weights and dropout existed: without them.
        expected.schedule = LearningRateSchedule()
        expected.keep = .last
        expected.dropout = 0
        #expect(config == expected)
        var changed = expected
        changed.learningRateChanges = [LearningRateChange(epoch: 3, batch: 7, factor: 0.5)]
        let data = try RunStore.encoder().encode(changed)
        #expect(String(decoding: data, as: UTF8.self).contains(#""learning_rate_changes":[{"batch":7,"epoch":3,"factor":0.5}]"#))
        #expect(try JSONDecoder().decode(TrainingConfig.self, from: data) == changed)
    }

    @Test func loadingSomethingElseSaysWhat() throws {
        let empty = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect { try RunStore.load(empty) } throws: { error in
            (error as? DataError)?.problem.contains("saved run folder") == true
        }
    }
}
