import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The engine's single matrix-multiply entry point: C = alpha·op(A)·op(B) + beta·C, row-major.
///
/// Every layer calls this; the micro-kernel (generic C, AVX2+FMA, AVX-512, NEON) is chosen at run time
/// and large products are split across the worker pool by rows or columns (`SplitPlan`, `TileClaims`), so each
/// output element is computed by exactly one thread in a fixed order (results do not depend on the thread count,
/// nor on which thread computes what).
/// A GEMM value belongs to one training run and is used by one thread at a time.
public struct GEMM {
    public enum Kernel: Int32, CaseIterable, Sendable {
        case generic = 0, avx2 = 1, avx512 = 2, neon = 3

        public static var best: Kernel { Kernel(rawValue: ae_kernel_best()) ?? .generic }
        public var isSupported: Bool { ae_kernel_supported(rawValue) != 0 }
        public var name: String { String(cString: ae_kernel_name(rawValue)) }
    }

    public let kernel: Kernel
    /// Whether products whose A is marked sparse skip A's zeros (see `multiply`). Off, every
    /// product multiplies every term, as a BLAS does: for comparing with one (`bench --dense`).
    public let skipsZeros: Bool
    public let pool: WorkerPool?
    /// Reused by every split product (a GEMM belongs to one training run, one call at a time).
    private let job: SplitJob?

    /// Below this many multiply-adds a product runs on one thread: waking a worker costs more.
    static let parallelThreshold = 1 << 20

    /// Products narrower than this multiply their zeros too: finding them (packing A) is paid back
    /// only over many column panels. Decided on the whole product, so that its parts on other
    /// threads skip the same steps.
    static let sparseMinimumColumns = 128

    /// Which zeros of op(A) a product skips (see `ae_zeros`). Each gives the values of the full
    /// product for finite B, but for the sign of a zero sum (see `ae_sgemm`).
    public enum Zeros: Sendable {
        /// None: every term is multiplied.
        case none
        /// The k-steps where all of a micro-tile's rows of A are zero.
        case byTile
        /// Each row of C its own: the k-steps where its row of A is zero. For a weight gradient
        /// (a transposed A) over at most `rowZerosMaximumK` samples.
        case byRow

        var code: Int32 {
            switch self {
            case .none: Int32(AE_ZEROS_NONE.rawValue)
            case .byTile: Int32(AE_ZEROS_BY_TILE.rawValue)
            case .byRow: Int32(AE_ZEROS_BY_ROW.rawValue)
            }
        }
    }

    /// The longest k for `Zeros.byRow`: a row tile's B panel (k rows of 112 or 128 columns) then
    /// stays in L1.
    public static let rowZerosMaximumK = 64

    /// `profile`, when given, times every split call (see `PoolProfile`).
    public init(kernel: Kernel = .best, threads: Int = 1, profile: PoolProfile? = nil, skipsZeros: Bool = true) {
        self.kernel = kernel.isSupported ? kernel : .generic
        self.skipsZeros = skipsZeros
        pool = threads > 1 ? WorkerPool(threads: threads, profile: profile) : nil
        job = pool.map { [kernel = self.kernel] in SplitJob(parts: $0.threads, kernel: kernel) }
    }

    public var threads: Int { pool?.threads ?? 1 }
    public var description: String { "\(kernel.name), \(threads) thread\(threads == 1 ? "" : "s")" }

    /// C = act(C + bias), by columns: the activation code of `ae_bias_activation`.
    public struct BiasActivation {
        let bias: UnsafePointer<Float>
        let activation: Int32

        func apply(_ c: UnsafeMutablePointer<Float>, ld: Int, rows: Int, cols: Int) {
            ae_bias_activation(c, ld, bias, Int32(rows), Int32(cols), activation)
        }
    }

    /// `epilogue` is applied by whichever thread computed each block of C, right after it, while
    /// the block is still in that core's cache (and on two threads, in two halves at once).
    /// `zeros`: op(A) may hold many exact zeros (a layer's input after ReLU or dropout, or
    /// pixels), and the multiply-adds they would take are skipped (see `Zeros`).
    public func multiply(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, epilogue: BiasActivation? = nil, zeros: Zeros = .none
    ) {
        let product = Product(kernel: kernel.rawValue, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                              a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, epilogue: epilogue,
                              zeros: skipsZeros && n >= Self.sparseMinimumColumns ? zeros.code : GEMM.Zeros.none.code)
        guard let pool, let job, m * n * k >= Self.parallelThreshold else {
            return product.compute(rows: 0..<m, columns: 0..<n)
        }
        job.prepare(product)
        pool.run(job)
    }

    /// The reference triple loop: the oracle every fast path is tested against.
    public static func naive(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Double = 0
                for p in 0..<k {
                    let x = transA ? a[p * lda + i] : a[i * lda + p]
                    let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(x) * Double(y)
                }
                let old = beta == 0 ? 0 : beta * c[i * ldc + j]
                c[i * ldc + j] = alpha * Float(sum) + old
            }
        }
    }
}

/// One product's operands; each thread computes a disjoint block of C.
private struct Product {
    let kernel: Int32
    let transA: Bool
    let transB: Bool
    let m: Int
    let n: Int
    let k: Int
    let alpha: Float
    let a: UnsafePointer<Float>
    let lda: Int
    let b: UnsafePointer<Float>
    let ldb: Int
    let beta: Float
    let c: UnsafeMutablePointer<Float>
    let ldc: Int
    let epilogue: GEMM.BiasActivation?
    /// An `ae_zeros`.
    let zeros: Int32

    /// `shared`: the operand every piece reads whole, packed once (see `SplitJob`).
    func compute(rows: Range<Int>, columns: Range<Int>, shared: OpaquePointer? = nil) {
        let (i0, j0) = (rows.lowerBound, columns.lowerBound)
        ae_sgemm(kernel, transA ? 1 : 0, transB ? 1 : 0, Int32(rows.count), Int32(columns.count), Int32(k), alpha,
                 transA ? a + i0 : a + i0 * lda, lda, transB ? b + j0 * ldb : b + j0, ldb,
                 beta, c + i0 * ldc + j0, ldc, zeros, shared)
        if let epilogue {
            GEMM.BiasActivation(bias: epilogue.bias + j0, activation: epilogue.activation)
                .apply(c + i0 * ldc + j0, ld: ldc, rows: rows.count, cols: columns.count)
        }
    }
}

/// Divides each product between the pool's threads: a `SplitPlan` gives each its stretch of C, and
/// `TileClaims` lets a thread that finishes early take tiles from a slower one's. Where every piece
/// would copy the same operand (all of a sparse A for pieces by columns, say), the parts first pack
/// it once between them, in units taken from one counter, and every piece reads that copy.
private final class SplitJob: ParallelJob, @unchecked Sendable {
    private let kernel: GEMM.Kernel
    // Set by the calling thread before each `WorkerPool.run`, which orders them before the workers read them.
    private var product: Product?
    private var plan: SplitPlan
    private let claims: TileClaims
    /// Plans by shape: a training step splits the same dozen shapes every time, and planning one
    /// (about a microsecond) is serial work while the workers wait.
    private var plans: [PlanKey: SplitPlan] = [:]
    private let shared = ae_shared_pack_new()
    /// Units of `shared` to pack for this call (0: the pieces share no copy), the next one to
    /// claim, and how many are packed: a part starts on pieces only when all are.
    private var sharedUnits = 0
    private let nextUnit = Atomic<Int>(0)
    private let packedUnits = Atomic<Int>(0)

    private struct PlanKey: Hashable {
        let m: Int, n: Int, k: Int, transA: Bool, transB: Bool, zeros: Int32
    }

    /// More shapes than a model's steps and evaluations use.
    static let plansKept = 64

    init(parts: Int, kernel: GEMM.Kernel) {
        self.kernel = kernel
        plan = SplitPlan(parts: parts)
        claims = TileClaims(parts: parts)
    }

    deinit { ae_shared_pack_free(shared) }

    func prepare(_ product: Product) {
        self.product = product
        let key = PlanKey(m: product.m, n: product.n, k: product.k, transA: product.transA, transB: product.transB,
                          zeros: product.zeros)
        if let known = plans[key] {
            plan = known
        } else {
            let tilings = kernel.tilings(transA: product.transA, transB: product.transB, zeros: product.zeros)
            plan.plan(m: product.m, n: product.n, k: product.k, rowTiling: tilings.rows, columnTiling: tilings.columns)
            if plans.count >= Self.plansKept { plans.removeAll() }
            plans[key] = plan
        }
        let byColumns = plan.axis == .columns
        sharedUnits = Int(ae_shared_pack_plan(shared, product.kernel, product.transA ? 1 : 0, product.transB ? 1 : 0,
                                              Int32(product.m), Int32(product.n), Int32(product.k), product.a, product.lda,
                                              product.b, product.ldb, product.zeros, byColumns ? 1 : 0))
        nextUnit.store(0, ordering: .relaxed)
        packedUnits.store(0, ordering: .relaxed)
        claims.reset(tile: plan.tile) { plan.range(of: $0) }
    }

    /// Every piece is claimed from `claims`, and the shared pack's units from one counter.
    var anyPartFinishesTheJob: Bool { true }

    var label: String {
        guard let product else { return "GEMM" }
        return "GEMM \(product.m)x\(product.n) k\(product.k)" + (product.transA ? " Aᵀ" : "") + (product.transB ? " Bᵀ" : "")
    }

    func run(part: Int) {
        guard let product else { return }
        if sharedUnits > 0 {
            while true {
                let unit = nextUnit.add(1, ordering: .relaxed).oldValue
                guard unit < sharedUnits else { break }
                ae_shared_pack_unit(shared, Int32(unit))
                packedUnits.add(1, ordering: .releasing)
            }
            // Only units another part is packing right now are left: a few microseconds, unless
            // its thread lost its core, which a yield may hand back.
            var spins = 0
            while packedUnits.load(ordering: .acquiring) < sharedUnits {
                spins += 1
                if spins < WorkerPool.spinLimit { ae_cpu_relax() } else { sched_yield() }
            }
        }
        let pack = sharedUnits > 0 ? shared : nil
        while let piece = claims.next(for: part) {
            switch plan.axis {
            case .rows: product.compute(rows: piece, columns: 0..<product.n, shared: pack)
            case .columns: product.compute(rows: 0..<product.m, columns: piece, shared: pack)
            }
        }
    }
}
