import Engine
import Testing

@Suite struct NearestNeighborsTests {
    @Test func knownAnswer() {
        // Two clusters: class 1 near (0, 0), class 2 near (10, 10).
        let codes: [Float] = [0, 0, 0.1, 0, 0, 0.2, 10, 10, 10.1, 10, 9.9, 10.2]
        let probe = NearestNeighbors(codes: codes, labels: [1, 1, 1, 2, 2, 2], dimensions: 2, k: 3)
        #expect(probe.predict([0.05, 0.05, 9, 9, 4, 4]) == [1, 2, 1])
        #expect(probe.accuracy([0.05, 0.05, 9, 9], labels: [1, 1]) == 0.5)
    }

    /// With k = 5 and votes 2-2-1, the tied class with the nearest member wins.
    @Test func tieGoesToTheNearerClass() {
        let codes: [Float] = [1, 2, 3, 4, 5]
        let probe = NearestNeighbors(codes: codes, labels: [7, 3, 3, 7, 9], dimensions: 1, k: 5)
        #expect(probe.predict([0]) == [7])
    }

    /// The pruned search against brute force over every reference, in 1, 2 and 16 dimensions,
    /// with duplicated codes so distance ties (ordered by the seeded tie rank) are exercised.
    @Test(arguments: [1, 2, 16])
    func matchesBruteForce(dimensions: Int) {
        var rng = RandomGenerator(seed: UInt64(dimensions))
        var codes = (0..<(800 * dimensions)).map { _ in Float(rng.below(40)) / 8 }
        codes += codes[0..<(100 * dimensions)]
        let labels = (0..<900).map { _ in UInt8(rng.below(10)) }
        let queries = (0..<(300 * dimensions)).map { _ in Float(rng.below(40)) / 8 }
        let probe = NearestNeighbors(codes: codes, labels: labels, dimensions: dimensions)
        let expected = (0..<300).map { q -> UInt8 in
            let distances = (0..<900).map { r in
                (0..<dimensions).reduce(Float(0)) { sum, d in
                    let diff = codes[r * dimensions + d] - queries[q * dimensions + d]
                    return sum + diff * diff
                }
            }
            let rank = { NearestNeighbors.tieRank(query: q, reference: $0) }
            let nearest = (0..<900).sorted { (distances[$0], rank($0)) < (distances[$1], rank($1)) }.prefix(5).map { labels[$0] }
            let votes = nearest.map { label in nearest.count { $0 == label } }
            return nearest[votes.firstIndex(of: votes.max()!)!]
        }
        #expect(probe.predict(queries) == expected)
    }

    @Test func threadedMatchesSingleThread() {
        var rng = RandomGenerator(seed: 2)
        let codes = (0..<2000).map { _ in rng.uniform(-1, 1) }
        let labels = (0..<1000).map { _ in UInt8(rng.below(10)) }
        let queries = (0..<600).map { _ in rng.uniform(-1, 1) }
        let probe = NearestNeighbors(codes: codes, labels: labels, dimensions: 2)
        #expect(probe.predict(queries) == probe.predict(queries, pool: WorkerPool(threads: 2)))
    }
}

@Suite struct PCATests {
    @Test func findsTheDominantAxes() {
        // Points spread along (1, 1, 0) strongly and (1, -1, 0) weakly.
        var rng = RandomGenerator(seed: 3)
        var data: [Float] = []
        for _ in 0..<500 {
            let a = rng.uniform(-10, 10), b = rng.uniform(-1, 1)
            data += [a + b + 5, a - b - 2, rng.uniform(-0.01, 0.01)]
        }
        let pca = PCA(fitting: data, dimensions: 3)
        let s = Double(0.5).squareRoot()
        #expect(abs(abs(pca.components[0][0]) - s) < 1e-2 && abs(abs(pca.components[0][1]) - s) < 1e-2)
        #expect(abs(pca.components[0][0] * pca.components[1][0] + pca.components[0][1] * pca.components[1][1]) < 1e-6)
        let projected = pca.project(data)
        #expect(projected.count == 1000)
        let firstSpread = stride(from: 0, to: 1000, by: 2).map { abs(projected[$0]) }.max()!
        let secondSpread = stride(from: 1, to: 1000, by: 2).map { abs(projected[$0]) }.max()!
        #expect(firstSpread > 5 * secondSpread)
    }
}

@Suite struct LatentHealthTests {
    @Test func detectsDeadAndConstantUnits() {
        let codes: [Float] = [0, 1, 3, 0, 2, 3, 0, 5, 3]
        #expect(LatentHealth.collapsedUnits(codes, dimensions: 3) == [0, 2])
        let dead = LatentHealth.collapseHint([0, 1], dimensions: 2, activation: .relu, epoch: 4, learningRate: 0.01)
        #expect(dead?.evidence == "latent collapse: all 2 bottleneck units are dead (zero for all but under 1% of the probe images)")
        #expect(dead?.fixes == [.linearBottleneck, .lowerLearningRate, .anotherSeed] && dead?.epoch == 4)
        let constant = LatentHealth.collapseHint([1], dimensions: 3, activation: .linear, epoch: 1, learningRate: 0.01)
        #expect(constant?.evidence == "latent collapse: bottleneck unit 1 of 3 is constant over all but under 1% of the probe images")
        #expect(constant?.fixes == [.lowerLearningRate, .anotherSeed], "a linear bottleneck is not offered again")
        #expect(LatentHealth.collapseHint([], dimensions: 2, activation: .relu, epoch: 1, learningRate: 0.01) == nil)
    }
}

@Suite struct ConfigProblemTests {
    @Test func namesTheSettingAndItsField() {
        var config = TrainingConfig()
        config.learningRate = -1
        #expect(config.validationProblem() == ConfigProblem(setting: .learningRate, problem: "must be a finite number > 0"))
        #expect(config.validationProblem()?.field == "learning_rate")
        config = TrainingConfig()
        config.trainCount = 55_000
        #expect(config.validationProblem()?.setting == .split && config.validationProblem()?.field == "train_count + validation_count")
        config = TrainingConfig()
        config.bottleneckActivation = .softmax
        #expect(config.validationProblem()?.field == "bottleneck_activation")
        #expect(TrainingConfig().validationProblem() == nil)
    }
}
