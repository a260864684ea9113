import CKernels

/// Runs `body` with denormal floats flushed to zero on the calling thread, restoring the previous
/// mode afterwards. Without it, values that decay towards zero during training (RMSprop averages
/// of dead units) make each step up to 2x slower after a few epochs.
public func withDenormalsFlushed<T>(_ body: () throws -> T) rethrows -> T {
    let previous = ae_set_flush_denormals(1)
    defer { ae_set_flush_denormals(previous) }
    return try body()
}
