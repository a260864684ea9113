import Engine
import Testing

@Suite struct RandomGeneratorTests {
    @Test func sameSeedSameSequence() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    }

    @Test func uniformStaysInRange() {
        var rng = RandomGenerator(seed: 7)
        let values = (0..<10_000).map { _ in rng.uniform(-0.5, 0.5) }
        #expect(values.allSatisfy { $0 >= -0.5 && $0 < 0.5 })
        let mean = values.reduce(0, +) / Float(values.count)
        #expect(abs(mean) < 0.02)
    }

    @Test func shuffleIsAPermutation() {
        var rng = RandomGenerator(seed: 3)
        var values = Array(0..<1000)
        rng.shuffle(&values)
        #expect(values != Array(0..<1000))
        #expect(values.sorted() == Array(0..<1000))
    }
}
