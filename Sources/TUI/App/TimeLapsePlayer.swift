/// Which epoch of a run's time-lapse the lab shows: live (none), one picked with `[` and `]`, or
/// one that moves on by itself while `p` plays. Free of threads and terminals: tested directly.
struct TimeLapsePlayer: Hashable, Sendable {
    static let framesPerSecond = 4.0

    /// The frame picked or where playing started; nil shows the live latent space.
    private(set) var picked: Int?
    /// When playing started (monotonic seconds).
    private(set) var playingSince: Double?
    /// Paused partway by `p`: the next `p` plays on instead of from the start.
    private var isPaused = false

    var isLive: Bool { picked == nil }

    /// The frame to show now among `count`, or nil for live. Playing stops on the last frame.
    func frame(count: Int, now: Double) -> Int? {
        guard let picked, count > 0 else { return nil }
        let played = playingSince.map { Int(((now - $0) * Self.framesPerSecond).rounded(.down)) } ?? 0
        return min(picked + max(played, 0), count - 1)
    }

    func isPlaying(count: Int, now: Double) -> Bool {
        playingSince != nil && (frame(count: count, now: now) ?? 0) < count - 1
    }

    /// One epoch back (from live: the last epoch) or forward (past the last: live again); stops playing.
    mutating func step(by delta: Int, count: Int, now: Double) {
        guard count > 0 else { return }
        let current = frame(count: count, now: now)
        playingSince = nil
        isPaused = false
        let next = (current ?? count) + delta
        picked = next >= count ? nil : max(0, next)
    }

    /// Plays from the first epoch; pauses when playing; after a pause, plays on from there.
    mutating func togglePlay(count: Int, now: Double) {
        guard count > 0 else { return }
        let current = frame(count: count, now: now)
        if isPlaying(count: count, now: now) {
            picked = current
            playingSince = nil
            isPaused = true
            return
        }
        picked = isPaused ? current ?? 0 : 0
        playingSince = now
        isPaused = false
    }

    /// Back to live (another run took the focus, or the run restarted).
    mutating func reset() {
        picked = nil
        playingSince = nil
        isPaused = false
    }
}
