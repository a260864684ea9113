import Foundation

/// Where the probe images' codes were at the end of every epoch, in the lab's plane (the 2-D
/// codes, or each epoch's own PCA of wider ones): what the lab's `[`, `]` and `p` replay. Saved
/// with the run as `latent_timelapse.bin`.
///
/// Each coordinate is kept as 16 bits over its frame's range (a scatter plot cannot show finer
/// steps): 4 bytes an image and epoch, about 0.8 MB for 2000 images over 100 epochs.
public struct LatentTimeLapse: Sendable, Equatable {
    public static let fileName = "latent_timelapse.bin"
    /// The images it follows: the first validation images, the lab's latent probe set.
    public static let images = LiveSnapshots().probeImages

    public let labels: [UInt8]
    public let isProjected: Bool
    public private(set) var frames: [Frame] = []

    /// One epoch's points, quantised: `level / maximumLevel` of the way across each axis' range.
    public struct Frame: Sendable, Equatable {
        public let epoch: Int
        let xRange: ClosedRange<Float>
        let yRange: ClosedRange<Float>
        /// x, y per image; `missing` for a code that was not finite.
        let levels: [UInt16]

        /// The points, 2 values an image (NaN where a code was not finite).
        public var points: [Float] {
            levels.enumerated().map { index, level in
                let range = index % 2 == 0 ? xRange : yRange
                return level == LatentTimeLapse.missing ? .nan
                    : range.lowerBound + (range.upperBound - range.lowerBound) * Float(level) / Float(LatentTimeLapse.maximumLevel)
            }
        }
    }

    static let maximumLevel: UInt16 = 65534
    static let missing: UInt16 = 65535
    static let magic = Data("AETL".utf8)
    static let version: UInt16 = 1
    static let headerBytes = 16
    static let frameHeaderBytes = 20

    public init(labels: [UInt8], isProjected: Bool) {
        self.labels = labels
        self.isProjected = isProjected
    }

    /// Adds an epoch's points (2 values an image, in `labels`' order).
    public mutating func append(epoch: Int, points: [Float]) {
        precondition(points.count == 2 * labels.count, "\(points.count) values for \(labels.count) images")
        func range(_ axis: Int) -> ClosedRange<Float> {
            let values = stride(from: axis, to: points.count, by: 2).map { points[$0] }.filter(\.isFinite)
            return (values.min() ?? 0)...(values.max() ?? 0)
        }
        let ranges = [range(0), range(1)]
        let levels = points.enumerated().map { index, value -> UInt16 in
            let range = ranges[index % 2]
            guard value.isFinite else { return Self.missing }
            let span = range.upperBound - range.lowerBound
            guard span > 0 else { return 0 }
            return UInt16((Double(value - range.lowerBound) / Double(span) * Double(Self.maximumLevel)).rounded())
        }
        frames.append(Frame(epoch: epoch, xRange: ranges[0], yRange: ranges[1], levels: levels))
    }

    /// Frame `index` as the latent scatter draws it.
    public func snapshot(at index: Int) -> LatentSnapshot {
        LatentSnapshot(points: frames[index].points, labels: labels, isProjected: isProjected, epoch: frames[index].epoch, batch: 0)
    }

    /// The file's size for `images` images over `epochs` epochs.
    public static func byteCount(images: Int, epochs: Int) -> Int {
        headerBytes + images + epochs * (frameHeaderBytes + 4 * images)
    }

    // MARK: - The file

    /// Little-endian: "AETL", version (UInt16), flags (UInt16, 1 = PCA), images and frames
    /// (UInt32 each); a label byte per image; then per frame its epoch (UInt32), x and y ranges
    /// (4 Float32) and x, y levels (UInt16) per image.
    public func encoded() -> Data {
        var data = Self.magic
        data.reserveCapacity(Self.byteCount(images: labels.count, epochs: frames.count))
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        put(Self.version)
        put(UInt16(isProjected ? 1 : 0))
        put(UInt32(labels.count))
        put(UInt32(frames.count))
        data.append(contentsOf: labels)
        for frame in frames {
            put(UInt32(frame.epoch))
            for bound in [frame.xRange.lowerBound, frame.xRange.upperBound, frame.yRange.lowerBound, frame.yRange.upperBound] {
                put(bound.bitPattern)
            }
            frame.levels.forEach { put($0) }
        }
        return data
    }

    /// Reads a file written by `encoded`; every count, label, range and epoch is checked, and
    /// the size must be exactly what the header promises. `path` names the file in errors.
    public init(decoding data: Data, path: String) throws {
        let bytes = [UInt8](data)
        func fail(_ problem: String) -> DataError { DataError(path: path, problem: problem) }
        func integer<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
            (0..<MemoryLayout<T>.size).reduce(T(0)) { $0 | T(bytes[offset + $1]) << (8 * $1) }
        }
        guard bytes.count >= Self.headerBytes, Data(bytes[0..<4]) == Self.magic else {
            throw fail("not a latent time-lapse file (no AETL header)")
        }
        let version = integer(UInt16.self, at: 4)
        guard version == Self.version else { throw fail("time-lapse version \(version), this aetui reads version \(Self.version)") }
        let flags = integer(UInt16.self, at: 6)
        let images = Int(integer(UInt32.self, at: 8)), count = Int(integer(UInt32.self, at: 12))
        // Counts in Double: a damaged header cannot overflow the size it promises.
        let promised = Double(Self.headerBytes + images) + Double(count) * Double(Self.frameHeaderBytes + 4 * images)
        guard promised == Double(bytes.count) else {
            throw fail("is \(bytes.count) bytes, but its header promises \(Int(min(promised, 1e18))) (\(images) images, \(count) epochs)")
        }
        labels = Array(bytes[Self.headerBytes..<(Self.headerBytes + images)])
        if let label = labels.first(where: { $0 > 9 }) { throw fail("holds the label \(label), not a digit") }
        isProjected = flags & 1 != 0
        var offset = Self.headerBytes + images
        for _ in 0..<count {
            let epoch = Int(integer(UInt32.self, at: offset))
            let bounds = (0..<4).map { Float(bitPattern: integer(UInt32.self, at: offset + 4 + 4 * $0)) }
            guard bounds.allSatisfy(\.isFinite), bounds[0] <= bounds[1], bounds[2] <= bounds[3] else {
                throw fail("epoch \(epoch) has a broken range \(bounds)")
            }
            guard epoch > (frames.last?.epoch ?? 0) else { throw fail("epoch \(epoch) comes after epoch \(frames.last?.epoch ?? 0)") }
            offset += Self.frameHeaderBytes
            let levels = (0..<(2 * images)).map { integer(UInt16.self, at: offset + 2 * $0) }
            offset += 4 * images
            frames.append(Frame(epoch: epoch, xRange: bounds[0]...bounds[1], yRange: bounds[2]...bounds[3], levels: levels))
        }
    }

    /// The largest file read: 60,000 images over 1,000 epochs.
    static let maximumFileBytes = byteCount(images: 60_000, epochs: 1_000)

    /// The time-lapse saved in a run folder, or nil when the run has none (saved before it existed).
    public static func load(from directory: URL) throws -> LatentTimeLapse? {
        let url = directory.appendingPathComponent(fileName)
        guard (try? FileManager.default.attributesOfItem(atPath: url.path)) != nil else { return nil }
        let data = try RunStore.smallFile(url, limit: maximumFileBytes, tooLarge: "more than a time-lapse holds")
        return try LatentTimeLapse(decoding: data, path: url.path)
    }
}
