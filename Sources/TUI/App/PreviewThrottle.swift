import Engine

/// Holds each run's latent scatter and reconstructions on screen for at least `interval` seconds.
///
/// Early in training the engine publishes them every 25 batches, ten times a second or more; each
/// one repaints two large panels, which alone would send several times the bandwidth an SSH
/// session should take. Two a second still shows the latent space unfolding.
struct PreviewThrottle {
    let interval: Double
    private var shown: [ModelKind: Shown] = [:]

    private struct Shown {
        var latent: LatentSnapshot?
        var reconstructions: ReconstructionSnapshot?
        var since: Double
    }

    init(interval: Double) { self.interval = interval }

    /// The snapshot with the previews to show now: the newest ones, unless the ones on screen
    /// have been there for less than `interval`.
    mutating func apply(to snapshot: RunSnapshot, now: Double) -> RunSnapshot {
        let newest = Shown(latent: snapshot.latent, reconstructions: snapshot.reconstructions, since: now)
        guard let current = shown[snapshot.model] else {
            shown[snapshot.model] = newest
            return snapshot
        }
        let (shownKey, newestKey) = (Self.key(current.latent), Self.key(snapshot.latent))
        if shownKey == newestKey { return snapshot }
        // Nothing shown yet, or a restart (no previews yet, or older ones than shown): at once.
        let fresh = shownKey == nil || newestKey == nil || newestKey!.lexicographicallyPrecedes(shownKey!)
        if fresh || now - current.since >= interval {
            shown[snapshot.model] = newest
            return snapshot
        }
        var held = snapshot
        held.latent = current.latent
        held.reconstructions = current.reconstructions
        return held
    }

    /// Where in training a latent snapshot was taken: it tells a newer one from an older.
    static func key(_ latent: LatentSnapshot?) -> [Int]? { latent.map { [$0.epoch, $0.batch] } }
}
