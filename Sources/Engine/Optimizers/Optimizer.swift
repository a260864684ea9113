/// Updates parameters from their gradients. State (velocities, moments) is allocated at
/// construction, one buffer per parameter, so `step` allocates nothing.
public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// One update of every parameter from its current gradient.
    func step()
}

public enum Optimizers {
    /// The optimizer a config asks for, with Keras defaults for everything it does not set. With a
    /// pool, each update is split across its threads.
    public static func make(for config: TrainingConfig, parameters: [Parameter], pool: WorkerPool? = nil) -> Optimizer {
        switch config.optimizer {
        case .sgd:
            return SGD(parameters: parameters, learningRate: config.learningRate,
                       momentum: config.momentum, nesterov: config.nesterov, pool: pool)
        case .rmsprop:
            return RMSprop(parameters: parameters, learningRate: config.learningRate, pool: pool)
        case .adam:
            return Adam(parameters: parameters, learningRate: config.learningRate, pool: pool)
        case .adagrad:
            return Adagrad(parameters: parameters, learningRate: config.learningRate, pool: pool)
        }
    }
}

/// The buffers one parameter's update touches, as raw pointers a worker thread may use on its
/// own slice (threads get disjoint ranges, so no element is shared).
struct UpdateSlot: @unchecked Sendable {
    let value: UnsafeMutablePointer<Float>
    let gradient: UnsafeMutablePointer<Float>
    let first: UnsafeMutablePointer<Float>?
    let second: UnsafeMutablePointer<Float>?
    let count: Int
}

/// Optimizer state: per parameter up to two buffers shaped like it (allocated once), and the
/// slots that address them.
struct OptimizerState {
    let buffers: [Matrix]
    let slots: [UpdateSlot]
    let pool: WorkerPool?

    init(_ parameters: [Parameter], buffersPerParameter: Int, initialValue: Float = 0, pool: WorkerPool?) {
        var buffers: [Matrix] = []
        var slots: [UpdateSlot] = []
        for parameter in parameters {
            let state = (0..<buffersPerParameter).map { _ in
                let buffer = Matrix(rows: parameter.value.rows, cols: parameter.value.cols)
                buffer.fill(initialValue)
                return buffer
            }
            buffers += state
            slots.append(UpdateSlot(value: parameter.value.data, gradient: parameter.gradient.data,
                                    first: state.first?.data, second: state.dropFirst().first?.data,
                                    count: parameter.value.count))
        }
        self.buffers = buffers
        self.slots = slots
        self.pool = pool
    }

    /// Calls `update(slot, offset, count)` on every parameter, each split across the pool.
    func forEachSlice(_ update: @escaping @Sendable (UpdateSlot, Int, Int) -> Void) {
        let slots = self.slots
        guard let pool else {
            for slot in slots { update(slot, 0, slot.count) }
            return
        }
        let parts = pool.threads
        pool.run { part in
            for slot in slots {
                let range = WorkerPool.split(slot.count, parts: parts, granule: 16, part: part)
                if !range.isEmpty { update(slot, range.lowerBound, range.count) }
            }
        }
    }
}
