/// An IDX file of unsigned bytes (`idx1` labels, `idx3` images), parsed and checked.
///
/// Header: two zero bytes, the type code 0x08 (unsigned byte), the number of dimensions, then one
/// big-endian UInt32 per dimension; then the data, row-major.
public struct IDXFile: Sendable {
    public let dimensions: [Int]
    public let bytes: [UInt8]

    public var count: Int { dimensions.first ?? 0 }
    /// Bytes per item (28·28 for MNIST images, 1 for labels).
    public var itemSize: Int { dimensions.dropFirst().reduce(1, *) }

    /// The most data one file may promise (EMNIST's largest set is about half of it): a header
    /// promising more is refused before anything is read or allocated.
    public static let maximumDataBytes = 1 << 30

    /// Reads `path` (raw or .gz) and checks it has `expectedDimensions` dimensions. The header is
    /// read first and at most one byte more than it promises is decompressed, so a gzip bomb
    /// costs no more memory or time than an honest file of the size its header claims.
    public static func read(path: String, expectedDimensions: Int) throws -> IDXFile {
        let (reader, dimensions, dataSize) = try openHeader(path: path, expectedDimensions: expectedDimensions)
        let data = try reader.read(upTo: dataSize + 1)
        if data.count > dataSize {
            throw DataError(path: path, problem: "holds more than the \(dataSize) data bytes its header promises (\(shape(dimensions))); reading stopped there")
        }
        try reader.checkEnd()
        guard data.count == dataSize else {
            throw DataError(path: path, problem: "truncated: header promises \(promised(dimensions, dataSize)), found \(data.count)")
        }
        return IDXFile(dimensions: dimensions, bytes: data)
    }

    /// The dimensions `path`'s header gives (raw or .gz), checked as `read` checks them; nothing
    /// past the header is read.
    public static func dimensions(path: String, expectedDimensions: Int) throws -> [Int] {
        try openHeader(path: path, expectedDimensions: expectedDimensions).dimensions
    }

    /// Opens `path` and reads and checks its header: the reader stands at the first data byte.
    private static func openHeader(path: String, expectedDimensions: Int) throws
        -> (reader: FileReader, dimensions: [Int], dataSize: Int) {
        let reader = try FileReader(path: path)
        let (dimensions, dataSize) = try checkHeader(try reader.read(upTo: headerSize(expectedDimensions)), path: path,
                                                     expectedDimensions: expectedDimensions)
        return (reader, dimensions, dataSize)
    }

    /// Parses a whole file already in memory.
    public static func parse(_ bytes: [UInt8], path: String, expectedDimensions: Int) throws -> IDXFile {
        let headerSize = headerSize(expectedDimensions)
        let (dimensions, expectedData) = try checkHeader(Array(bytes.prefix(headerSize)), path: path, expectedDimensions: expectedDimensions)
        let actualData = bytes.count - headerSize
        if actualData < expectedData {
            throw DataError(path: path, problem: "truncated: header promises \(promised(dimensions, expectedData)), found \(actualData)")
        }
        if actualData > expectedData {
            throw DataError(path: path, problem: "\(actualData - expectedData) unexpected bytes after the \(expectedData) data bytes the header promises")
        }
        return IDXFile(dimensions: dimensions, bytes: Array(bytes[headerSize...]))
    }

    static func headerSize(_ dimensions: Int) -> Int { 4 + 4 * dimensions }

    /// The dimensions a header gives and the data size they imply, computed without overflow.
    private static func checkHeader(_ bytes: [UInt8], path: String, expectedDimensions: Int) throws -> (dimensions: [Int], dataSize: Int) {
        guard bytes.count >= 4 else {
            throw DataError(path: path, problem: "truncated: \(bytes.count) bytes, too short for an IDX header")
        }
        let magic = bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
        let expectedMagic = UInt32(0x0800) | UInt32(expectedDimensions)
        guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08, Int(bytes[3]) == expectedDimensions else {
            throw DataError(path: path, problem: "bad magic number 0x\(hex(magic)), expected 0x\(hex(expectedMagic)) (idx\(expectedDimensions) unsigned bytes)")
        }
        let headerSize = headerSize(expectedDimensions)
        guard bytes.count >= headerSize else {
            throw DataError(path: path, problem: "truncated: the header needs \(headerSize) bytes, the file has \(bytes.count)")
        }
        let dimensions = (0..<expectedDimensions).map { d in
            Int(bytes[(4 + 4 * d)..<(8 + 4 * d)].reduce(0) { $0 << 8 | UInt32($1) })
        }
        // Three 32-bit sizes can multiply past 2^63: checked at every step.
        var size = 1
        for dimension in dimensions {
            let (product, overflow) = size.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= maximumDataBytes else {
                throw DataError(path: path, problem: "header promises \(shape(dimensions)) bytes of data, more than the \(maximumDataBytes >> 30) GiB an IDX file may hold here: not a real data file?")
            }
            size = product
        }
        return (dimensions, size)
    }

    private static func shape(_ dimensions: [Int]) -> String { dimensions.map(String.init).joined(separator: "x") }

    /// "60000x28x28 = 47040000 data bytes", or "60000 data bytes" for one dimension.
    private static func promised(_ dimensions: [Int], _ size: Int) -> String {
        dimensions.count == 1 ? "\(size) data bytes" : "\(shape(dimensions)) = \(size) data bytes"
    }

    /// Serialises to the IDX layout (used by tests and tools that write data).
    public static func encode(dimensions: [Int], data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for d in dimensions {
            out += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)]
        }
        return out + data
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
