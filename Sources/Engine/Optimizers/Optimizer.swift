import CKernels
import Foundation

/// Updates parameters from their gradients with a Keras update rule. State (velocities, moments)
/// is allocated at construction, one or two buffers per parameter, so a step allocates nothing.
/// The rules themselves are C kernels (`ae_apply_update`), split across the pool's threads.
public final class Optimizer {
    public enum Rule: Equatable, Sendable {
        case sgd(momentum: Float, nesterov: Bool)
        case rmsprop(rho: Float, epsilon: Float)
        case adam(beta1: Float, beta2: Float, epsilon: Float)
        case adagrad(initialAccumulator: Float, epsilon: Float)

        /// Keras defaults.
        public static let rmsprop = Rule.rmsprop(rho: 0.9, epsilon: 1e-7)
        public static let adam = Rule.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        public static let adagrad = Rule.adagrad(initialAccumulator: 0.1, epsilon: 1e-7)

        var stateBuffers: Int {
            switch self {
            case .sgd(let momentum, _): momentum > 0 ? 1 : 0
            case .rmsprop, .adagrad: 1
            case .adam: 2
            }
        }
    }

    public let rule: Rule
    public var learningRate: Float
    /// Decoupled weight decay (AdamW, Keras `weight_decay`): before each update, every weight
    /// matrix (parameters named `*.weight`; biases are left alone) shrinks by learningRate × this.
    public var weightDecay: Float = 0
    public private(set) var iterations = 0
    private let state: OptimizerState
    private var stepRule = ae_update_rule()

    public init(_ rule: Rule, parameters: [Parameter], learningRate: Float, pool: WorkerPool? = nil) {
        self.rule = rule
        self.learningRate = learningRate
        var initial: Float = 0
        if case .adagrad(let accumulator, _) = rule { initial = accumulator }
        state = OptimizerState(parameters, buffersPerParameter: rule.stateBuffers, initialValue: initial, pool: pool)
    }

    /// The optimizer a config asks for, with Keras defaults for everything it does not set. With a
    /// pool, element-wise updates are split across its threads.
    public static func make(for config: TrainingConfig, parameters: [Parameter], pool: WorkerPool? = nil) -> Optimizer {
        let rule: Rule
        switch config.optimizer {
        case .sgd: rule = .sgd(momentum: config.momentum, nesterov: config.nesterov)
        case .rmsprop: rule = .rmsprop
        case .adam: rule = .adam
        case .adagrad: rule = .adagrad
        }
        let optimizer = Optimizer(rule, parameters: parameters, learningRate: config.learningRate, pool: pool)
        optimizer.weightDecay = config.weightDecay
        return optimizer
    }

    /// One update of every parameter from its current gradient (after the weight decay).
    public func step() {
        beginStep()
        update(parameters: 0..<state.slots.count)
    }

    /// Starts a step whose parameters are then updated in groups (`update(parameters:)`), each as
    /// soon as its gradient is final, while that gradient is still in cache.
    public func beginStep() {
        stepRule = nextRule()
    }

    /// Updates the parameters at `indices` (in the order given at construction) with this step's
    /// rule, after their weight decay.
    public func update(parameters indices: Range<Int>) {
        if weightDecay > 0 { state.decay(by: 1 - learningRate * weightDecay, slots: indices) }
        state.apply(stepRule, slots: indices)
    }

    /// This step's rule for the kernel (advancing Adam's bias correction).
    private func nextRule() -> ae_update_rule {
        iterations += 1
        let lr = learningRate
        switch rule {
        case .sgd(let momentum, let nesterov):
            let kind = momentum == 0 ? AE_RULE_SGD : (nesterov ? AE_RULE_NESTEROV : AE_RULE_MOMENTUM)
            return Self.kernelRule(kind, rate: lr, decay: momentum)
        case .rmsprop(let rho, let epsilon):
            return Self.kernelRule(AE_RULE_RMSPROP, rate: lr, decay: rho, epsilon: epsilon)
        case .adam(let beta1, let beta2, let epsilon):
            let t = Float(iterations)
            let stepSize = lr * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
            return Self.kernelRule(AE_RULE_ADAM, rate: stepSize, decay: beta1, decay2: beta2, epsilon: epsilon)
        case .adagrad(_, let epsilon):
            return Self.kernelRule(AE_RULE_ADAGRAD, rate: lr, epsilon: epsilon)
        }
    }

    private static func kernelRule(_ kind: ae_rule_kind, rate: Float, decay: Float = 0, decay2: Float = 0,
                                   epsilon: Float = 0) -> ae_update_rule {
        ae_update_rule(kind: Int32(bitPattern: kind.rawValue), rate: rate, decay: decay, decay2: decay2, epsilon: epsilon)
    }
}

/// The buffers one parameter's update touches, as raw pointers a worker thread may use on its
/// own slice (threads get disjoint ranges, so no element is shared).
struct UpdateSlot {
    let value: UnsafeMutablePointer<Float>
    let gradient: UnsafeMutablePointer<Float>
    let first: UnsafeMutablePointer<Float>?
    let second: UnsafeMutablePointer<Float>?
    let count: Int
    /// Whether weight decay applies (weight matrices, not biases).
    let decays: Bool

    func update(_ rule: UnsafePointer<ae_update_rule>, offset: Int, count: Int) {
        ae_apply_update(rule, value + offset, first.map { $0 + offset }, second.map { $0 + offset },
                        gradient + offset, count)
    }
}

/// Optimizer state: per parameter up to two buffers shaped like it (allocated once), the slots
/// that address them, and the job that splits an update across the pool.
final class OptimizerState: ParallelJob, @unchecked Sendable {
    let buffers: [Matrix]
    let slots: [UpdateSlot]
    let pool: WorkerPool?
    // This update's rule, slots and split: set before `WorkerPool.run`, which orders them before the workers read them.
    private var rule = ae_update_rule()
    private var range = 0..<0
    /// Whether this update runs on the pool; its slots' claims then hand out the pieces.
    private var split = false
    /// Each slot's values handed out to the pool's threads as they run (a thread slowed by its
    /// core hands over its last pieces), in pieces of whole vector blocks.
    private let claims: [TileClaims]

    /// Values per piece: 16 KB of each array, about 1-2 µs of RMSprop; a multiple of 16, so each
    /// value takes the vector or the scalar path it takes on one thread.
    static let piece = 4096

    /// Below this many elements an update runs on the calling thread: a hand-over to the pool's
    /// workers (about a microsecond) would cost more than the split gains. A 392 x 98 layer's
    /// RMSprop update streams its weights and averages from L3 in about 40 µs: worth splitting.
    static let parallelThreshold = 1 << 13

    init(_ parameters: [Parameter], buffersPerParameter: Int, initialValue: Float, pool: WorkerPool?) {
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
                                    count: parameter.value.count, decays: parameter.name.hasSuffix(".weight")))
        }
        self.buffers = buffers
        self.slots = slots
        self.pool = pool
        claims = slots.map { _ in TileClaims(parts: pool?.threads ?? 1) }
    }

    /// Multiplies every decayed parameter of `slots` by `factor`.
    func decay(by factor: Float, slots range: Range<Int>) {
        for slot in slots[range] where slot.decays {
            for index in 0..<slot.count { slot.value[index] *= factor }
        }
    }

    /// Updates the parameters of `slots` with `rule`, each split across the pool.
    func apply(_ rule: ae_update_rule, slots: Range<Int>) {
        self.rule = rule
        range = slots
        if let pool, self.slots[slots].reduce(0, { $0 + $1.count }) >= Self.parallelThreshold {
            split = true
            for index in slots {
                claims[index].reset(tile: Self.piece) {
                    WorkerPool.split(self.slots[index].count, parts: pool.threads, granule: Self.piece, part: $0)
                }
            }
            pool.run(self)
        } else {
            split = false
            run(part: 0)
        }
    }

    var label: String { "update \(slots[range].reduce(0) { $0 + $1.count }) values" }

    /// Split, every piece is claimed from `claims`.
    var anyPartFinishesTheJob: Bool { true }

    func run(part: Int) {
        withUnsafePointer(to: rule) { rule in
            for index in range {
                let slot = slots[index]
                if split {
                    while let piece = claims[index].next(for: part) { slot.update(rule, offset: piece.lowerBound, count: piece.count) }
                } else {
                    slot.update(rule, offset: 0, count: slot.count)
                }
            }
        }
    }
}
