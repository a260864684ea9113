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

    /// Reads `path` (raw or .gz) and checks it has `expectedDimensions` dimensions.
    public static func read(path: String, expectedDimensions: Int) throws -> IDXFile {
        try parse(FileReader.readAll(path: path), path: path, expectedDimensions: expectedDimensions)
    }

    public static func parse(_ bytes: [UInt8], path: String, expectedDimensions: Int) throws -> IDXFile {
        guard bytes.count >= 4 else {
            throw DataError(path: path, problem: "truncated: \(bytes.count) bytes, too short for an IDX header")
        }
        let magic = bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
        let expectedMagic = UInt32(0x0800) | UInt32(expectedDimensions)
        guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08, Int(bytes[3]) == expectedDimensions else {
            throw DataError(path: path, problem: "bad magic number 0x\(hex(magic)), expected 0x\(hex(expectedMagic)) (idx\(expectedDimensions) unsigned bytes)")
        }
        let headerSize = 4 + 4 * expectedDimensions
        guard bytes.count >= headerSize else {
            throw DataError(path: path, problem: "truncated: the header needs \(headerSize) bytes, the file has \(bytes.count)")
        }
        let dimensions = (0..<expectedDimensions).map { d in
            Int(bytes[(4 + 4 * d)..<(8 + 4 * d)].reduce(0) { $0 << 8 | UInt32($1) })
        }
        let expectedData = dimensions.reduce(1, *)
        let actualData = bytes.count - headerSize
        if actualData < expectedData {
            throw DataError(path: path, problem: "truncated: header promises \(dimensions.map(String.init).joined(separator: "x")) = \(expectedData) data bytes, found \(actualData)")
        }
        if actualData > expectedData {
            throw DataError(path: path, problem: "\(actualData - expectedData) unexpected bytes after the \(expectedData) data bytes the header promises")
        }
        return IDXFile(dimensions: dimensions, bytes: Array(bytes[headerSize...]))
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
