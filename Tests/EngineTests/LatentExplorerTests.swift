import Engine
import Foundation
import TestSupport
import Testing

/// The engine side of the latent explorer: decoding the plane with a copied decoder, the
/// manifold grid, the plane of wider bottlenecks, nearest digits, and the time-lapse file.
@Suite struct LatentExplorerTests {
    static func model(_ kind: ModelKind, bottleneck: Int = 2) -> Autoencoder {
        var config = TrainingConfig()
        config.model = kind
        config.layers = [48, 12, bottleneck]
        config.classifier = [8]
        let model = Autoencoder(config: config, capacity: 16)
        model.initialize(seed: 7)
        return model
    }

    /// What the model itself decodes for some codes: images and probabilities per row.
    static func decodeDirectly(_ model: Autoencoder, _ codes: [Float]) -> (images: [[Float]], probabilities: [[Float]]?) {
        let count = codes.count / model.config.bottleneck
        codes.withUnsafeBufferPointer { model.decode($0.baseAddress!, batch: count, gemm: GEMM(threads: 1)) }
        let images = (0..<count).map { Array(UnsafeBufferPointer(start: model.reconstructions.row($0), count: 784)) }
        let probabilities = model.probabilities.map { head in (0..<count).map { Array(UnsafeBufferPointer(start: head.row($0), count: 10)) } }
        return (images, probabilities)
    }

    @Test(arguments: [ModelKind.standard, .supervised])
    func manifoldGridDecodesImagesWhoseCornersMatchTheModel(kind: ModelKind) {
        let model = Self.model(kind)
        let decoder = LatentDecoder(DecoderWeights(copying: model), capacity: 8)
        let plane = LatentPlane(fitting: [0, 0, 1, 1], dimensions: 2)
        // 7 x 5 = 35 images: more than one chunk of the decoder's capacity.
        let grid = ManifoldGrid(columns: 7, rows: 5, xRange: -3...2, yRange: -1...4)
        let images = grid.images(decoder: decoder, plane: plane)
        #expect(images.count == 35)
        #expect(images.allSatisfy { $0.count == 784 && $0.allSatisfy { (0...1).contains($0) } })
        let corners: [Float] = [-3, 4, 2, 4, -3, -1, 2, -1]
        let direct = Self.decodeDirectly(model, corners)
        #expect(images[0] == direct.images[0], "top-left is (x low, y high)")
        #expect(images[6] == direct.images[1])
        #expect(images[28] == direct.images[2])
        #expect(images[34] == direct.images[3])
        #expect(grid.point(column: 3, row: 2) == (x: -0.5, y: 1.5))
        let output = decoder.decode(corners)
        #expect((output.probabilities == nil) == (kind == .standard))
        if let probabilities = output.probabilities {
            #expect(probabilities == direct.probabilities)
            #expect(probabilities.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-4 })
        }
    }

    @Test func decoderCopyIgnoresLaterTraining() {
        let model = Self.model(.standard)
        let decoder = LatentDecoder(DecoderWeights(copying: model))
        let before = decoder.decode([0.5, -0.5]).images[0]
        model.decoder[0].weight.copy(from: [Float](repeating: 0.3, count: 2 * 12))
        #expect(decoder.decode([0.5, -0.5]).images[0] == before)
        decoder.load(DecoderWeights(copying: model))
        #expect(decoder.decode([0.5, -0.5]).images[0] == Self.decodeDirectly(model, [0.5, -0.5]).images[0])
    }

    @Test func widerBottlenecksUseTheirPrincipalPlane() {
        var rng = RandomGenerator(seed: 3)
        // Codes near a plane in 5-D: the first two axes carry almost all the spread.
        let codes: [Float] = (0..<200).flatMap { _ -> [Float] in
            let a = Float(rng.below(1000)) / 100 - 5, b = Float(rng.below(1000)) / 300
            return [a + 1, b - 2, 0.5 * a + 3, 0.01 * Float(rng.below(10)), b]
        }
        let plane = LatentPlane(fitting: codes, dimensions: 5)
        #expect(plane.isProjected)
        let points: [Float] = [0, 0, 1.5, -2, -3, 0.25]
        let back = plane.project(plane.lift(points))
        #expect(zip(back, points).allSatisfy { abs($0 - $1) < 1e-4 }, "\(back)")
        let mean = (0..<5).map { d in (0..<200).reduce(0.0) { $0 + Double(codes[$1 * 5 + d]) } / 200 }
        #expect(zip(plane.lift([0, 0]), mean).allSatisfy { abs(Double($0) - $1) < 1e-4 }, "the origin of the plane is the mean code")
        let flat = LatentPlane(fitting: [1, 2, 3], dimensions: 1)
        #expect(flat.project([1, 2, 3]) == [1, 0, 2, 0, 3, 0])
        #expect(flat.lift([4, 9]) == [4])
        #expect(!LatentPlane(fitting: [0, 1], dimensions: 2).isProjected)
    }

    @Test func interpolationRunsEvenlyFromOnePinToTheOther() {
        let path = ManifoldGrid.interpolation(from: (x: -1, y: 2), to: (x: 2.5, y: -1.5), count: 8)
        #expect(path.count == 16)
        #expect(Array(path.prefix(2)) == [-1, 2])
        #expect(Array(path.suffix(2)) == [2.5, -1.5])
        #expect(abs(path[2] - -0.5) < 1e-6 && abs(path[3] - 1.5) < 1e-6)
    }

    @Test(arguments: [1, 5, 9])
    func nearestDigitsEqualABruteForceSearch(k: Int) {
        var rng = RandomGenerator(seed: 11)
        let count = 700
        let codes = (0..<(2 * count)).map { _ in Float(rng.below(100_000)) / 10_000 - 5 }
        let labels = (0..<count).map { _ in UInt8(rng.below(10)) }
        let probe = NearestNeighbors(codes: codes, labels: labels, dimensions: 2, k: k)
        for _ in 0..<40 {
            let query = [Float(rng.below(140_000)) / 10_000 - 7, Float(rng.below(140_000)) / 10_000 - 7]
            let brute = (0..<count).map { i -> (Float, Int) in
                let dx = codes[2 * i] - query[0], dy = codes[2 * i + 1] - query[1]
                return (dx * dx + dy * dy, i)
            }.sorted { $0 < $1 }.prefix(k)
            let found = probe.neighbors(of: query)
            #expect(found.map(\.index) == brute.map(\.1))
            #expect(found.map(\.squaredDistance) == brute.map(\.0))
            #expect(found.map(\.label) == brute.map { labels[$0.1] })
        }
    }

    // MARK: - Time-lapse

    static func timeLapse(images: Int, epochs: Int, projected: Bool = false) -> (LatentTimeLapse, [[Float]]) {
        var rng = RandomGenerator(seed: 5)
        var lapse = LatentTimeLapse(labels: (0..<images).map { UInt8($0 % 10) }, isProjected: projected)
        var inputs: [[Float]] = []
        for epoch in 1...epochs {
            let points = (0..<(2 * images)).map { _ in Float(rng.below(20_000)) / 100 - 100 }
            lapse.append(epoch: epoch, points: points)
            inputs.append(points)
        }
        return (lapse, inputs)
    }

    @Test func timeLapseRoundTripsAtTheStatedSize() throws {
        let (lapse, inputs) = Self.timeLapse(images: 2000, epochs: 100, projected: true)
        let data = lapse.encoded()
        #expect(data.count == LatentTimeLapse.byteCount(images: 2000, epochs: 100))
        #expect(data.count == 804_016, "16 header bytes + 2000 labels + 100 x (20 + 4 x 2000)")
        let read = try LatentTimeLapse(decoding: data, path: "t.bin")
        #expect(read == lapse)
        #expect(read.isProjected && read.frames.map(\.epoch) == Array(1...100))
        // 16 bits over a range of 200: within 200 / 65534 / 2 of what was appended.
        let frame = read.snapshot(at: 41)
        #expect(frame.epoch == 42 && frame.labels == lapse.labels)
        #expect(zip(frame.points, inputs[41]).allSatisfy { abs($0 - $1) <= 0.0016 })
    }

    @Test func timeLapseKeepsNonFinitePointsMissing() throws {
        var lapse = LatentTimeLapse(labels: [1, 2, 3], isProjected: false)
        lapse.append(epoch: 3, points: [1, 2, .nan, 5, .infinity, 2])
        lapse.append(epoch: 4, points: [7, 7, 7, 7, 7, 7])
        let read = try LatentTimeLapse(decoding: lapse.encoded(), path: "t.bin")
        let points = read.frames[0].points
        #expect(points[2].isNaN && points[4].isNaN)
        #expect(points[0] == 1 && points[1] == 2 && points[3] == 5)
        #expect(read.frames[1].points == [7, 7, 7, 7, 7, 7])
    }

    @Test func damagedTimeLapseFilesAreRefusedByName() {
        let (lapse, _) = Self.timeLapse(images: 3, epochs: 2)
        let good = lapse.encoded()
        var badLabel = good
        badLabel[16] = 12
        var badOrder = good
        badOrder[16 + 3] = 9  // the first frame's epoch: 9, then 2
        var badRange = good
        badRange.replaceSubrange((16 + 3 + 4)..<(16 + 3 + 8), with: withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { Data($0) })
        let cases: [(Data, String)] = [
            (Data("nope".utf8), "no AETL header"), (good.prefix(30), "header promises"), (good + Data([0]), "header promises"),
            (badLabel, "label 12"), (badOrder, "comes after epoch 9"), (badRange, "broken range"),
        ]
        for (data, problem) in cases {
            #expect {
                _ = try LatentTimeLapse(decoding: data, path: "/runs/x/latent_timelapse.bin")
            } throws: { error in
                "\(error)".hasPrefix("/runs/x/latent_timelapse.bin: ") && "\(error)".contains(problem)
            }
        }
    }

    @Test func trainingKeepsATimeLapseThatIsSavedWithTheRun() throws {
        let data = try TestSupport.loadedMNIST(trainCount: 60, validationCount: 30, testCount: 10)
        var config = TrainingConfig()
        config.layers = [16, 3]
        config.epochs = 3
        config.trainCount = 60
        config.validationCount = 30
        let outcome = Trainer(config: config, data: data, gemm: GEMM(threads: 1)).run()
        let lapse = try #require(outcome.timeLapse)
        #expect(lapse.frames.map(\.epoch) == [1, 2, 3])
        #expect(lapse.labels == data.validation.labels && lapse.isProjected)
        let runs = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: runs) }
        let model = Autoencoder(config: config, capacity: 16)
        let folder = try RunStore.save(config: config, outcome: outcome, model: model, kernel: "test", threads: 1,
                                       dataDirectory: "-", runsDirectory: runs)
        let size = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(LatentTimeLapse.fileName).path)[.size] as? Int
        #expect(size == LatentTimeLapse.byteCount(images: 30, epochs: 3))
        #expect(try LatentTimeLapse.load(from: folder) == lapse)
        #expect(try LatentTimeLapse.load(from: runs) == nil, "a folder without the file has no time-lapse")
    }
}
