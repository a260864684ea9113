import Engine
import Foundation
import TestSupport
import Testing

/// Seeded fuzzing of everything a user can hand the engine: the bundled IDX files with mutated
/// headers and data, and a saved run's files with mutated bytes and values. Every case must end
/// in success or a `DataError`, never a crash: the loaders run in this process, so a crash would
/// end the test run. A fixed number of cases from a fixed seed, so a failure can be replayed.
@Suite struct FuzzTests {
    static let idxCases = 400
    static let runCases = 300

    /// One mutation of `bytes`, picked by `rng`, biased towards the header where parsing decides.
    static func mutate(_ bytes: [UInt8], headerSize: Int, rng: inout RandomGenerator) -> [UInt8] {
        var out = bytes
        switch rng.below(7) {
        case 0:  // random header bytes
            for _ in 0...rng.below(4) { out[rng.below(min(headerSize, out.count))] = UInt8(rng.below(256)) }
        case 1:  // an extreme dimension
            let extremes: [UInt32] = [0, 1, 27, 29, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, UInt32(truncatingIfNeeded: rng.next())]
            let value = extremes[rng.below(extremes.count)]
            let at = 4 + 4 * rng.below(max(1, (headerSize - 4) / 4))
            for k in 0..<4 where at + k < out.count { out[at + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(k))) }
        case 2:  // truncated anywhere
            out = Array(out.prefix(rng.below(out.count + 1)))
        case 3:  // bytes appended
            out += (0..<(1 + rng.below(64))).map { _ in UInt8(rng.below(256)) }
        case 4:  // random bytes anywhere
            for _ in 0...rng.below(16) where !out.isEmpty { out[rng.below(out.count)] = UInt8(rng.below(256)) }
        case 5:  // a chunk removed from the middle
            if out.count > 2 {
                let start = rng.below(out.count - 1)
                out.removeSubrange(start..<min(out.count, start + 1 + rng.below(32)))
            }
        default:  // the wrong kind of file (labels for images and so on)
            out[3] = UInt8(rng.below(5))
        }
        return out
    }

    @Test(.timeLimit(.minutes(2)))
    func mutatedIDXFilesGiveAnErrorOrData() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The bundled files, cut to their first 50 items so each case stays cheap.
        let images = try IDXFile.read(path: "\(TestSupport.bundledMNIST)/t10k-images-idx3-ubyte.gz", expectedDimensions: 3)
        let labels = try IDXFile.read(path: "\(TestSupport.bundledMNIST)/t10k-labels-idx1-ubyte.gz", expectedDimensions: 1)
        let originals = [(IDXFile.encode(dimensions: [50, 28, 28], data: Array(images.bytes.prefix(50 * 784))), 3),
                         (IDXFile.encode(dimensions: [50], data: Array(labels.bytes.prefix(50))), 1)]
        var rng = RandomGenerator(seed: 0xF022)
        var outcomes = (parsed: 0, refused: 0)
        for index in 0..<Self.idxCases {
            let (original, dimensions) = originals[index % 2]
            let bytes = Self.mutate(original, headerSize: 4 + 4 * dimensions, rng: &rng)
            let path = directory.appendingPathComponent("case-\(index)-idx\(dimensions)-ubyte").path
            do {
                switch index % 3 {
                case 0: _ = try IDXFile.parse(bytes, path: path, expectedDimensions: dimensions)
                case 1:
                    try Data(bytes).write(to: URL(fileURLWithPath: path))
                    _ = try IDXFile.read(path: path, expectedDimensions: dimensions)
                default:
                    TestSupport.gzip(bytes, to: path + ".gz")
                    _ = try IDXFile.read(path: path + ".gz", expectedDimensions: dimensions)
                }
                outcomes.parsed += 1
            } catch let error as DataError {
                #expect(error.path.hasPrefix(path), "case \(index): \(error)")
                outcomes.refused += 1
            }
        }
        // The mutations are not all harmless, nor all fatal.
        #expect(outcomes.parsed > 10 && outcomes.refused > Self.idxCases / 2, "\(outcomes)")
    }

    @Test(.timeLimit(.minutes(2)))
    func mutatedRunFilesGiveAnErrorOrAWorkingModel() throws {
        let (runs, folder) = try HostileRunFileTests.savedRun()
        defer { try? FileManager.default.removeItem(at: runs) }
        let files = [RunStore.weightsFile, RunStore.configFile, RunStore.summaryFile]
        let originals = try files.map { [UInt8](try Data(contentsOf: folder.appendingPathComponent($0))) }
        let probe = HostileRunFileTests.tiny.test.subset(0..<20)
        var rng = RandomGenerator(seed: 0x5AFE)
        var outcomes = (loaded: 0, refused: 0)
        for index in 0..<Self.runCases {
            let which = index % files.count
            // The safetensors header is the first 8 bytes plus the JSON after them.
            let headerSize = which == 0 ? 8 + 600 : originals[which].count
            let bytes = Self.mutate(originals[which], headerSize: headerSize, rng: &rng)
            let url = folder.appendingPathComponent(files[which])
            try Data(bytes).write(to: url)
            defer { try? Data(originals[which]).write(to: url) }
            do {
                let (_, model, _) = try RunStore.load(folder)
                // What loads must also run (whatever figures mutated weights give).
                _ = Evaluator(model: model, gemm: GEMM(), batch: Batch(capacity: model.capacity)).evaluate(probe)
                outcomes.loaded += 1
            } catch let error as DataError {
                #expect(error.path.hasPrefix(folder.path), "case \(index): \(error)")
                outcomes.refused += 1
            }
        }
        #expect(outcomes.loaded > 10 && outcomes.refused > Self.runCases / 3, "\(outcomes)")
    }
}
