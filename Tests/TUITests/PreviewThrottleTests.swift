@testable import Engine
import Testing
@testable import TUI

@Suite struct PreviewThrottleTests {
    static func snapshot(epoch: Int?, batch: Int = 25) -> RunSnapshot {
        var snapshot = RunSnapshot(config: TrainingConfig())
        snapshot.latent = epoch.map { LatentSnapshot(points: [0, 0], labels: [1], isProjected: false, epoch: $0, batch: batch) }
        return snapshot
    }

    @Test func newPreviewsWaitUntilTheShownOnesHaveHadTheirTime() {
        var throttle = PreviewThrottle(interval: 0.5)
        #expect(throttle.apply(to: Self.snapshot(epoch: 1, batch: 25), now: 0).latent?.batch == 25)
        #expect(throttle.apply(to: Self.snapshot(epoch: 1, batch: 50), now: 0.2).latent?.batch == 25)
        #expect(throttle.apply(to: Self.snapshot(epoch: 1, batch: 75), now: 0.4).latent?.batch == 25)
        #expect(throttle.apply(to: Self.snapshot(epoch: 1, batch: 100), now: 0.5).latent?.batch == 100)
        #expect(throttle.apply(to: Self.snapshot(epoch: 1, batch: 100), now: 0.6).latent?.batch == 100)
    }

    @Test func aRestartShowsAtOnce() {
        var throttle = PreviewThrottle(interval: 0.5)
        _ = throttle.apply(to: Self.snapshot(epoch: 5), now: 0)
        #expect(throttle.apply(to: Self.snapshot(epoch: nil), now: 0.1).latent == nil)
        #expect(throttle.apply(to: Self.snapshot(epoch: 1), now: 0.2).latent?.epoch == 1)
    }
}
