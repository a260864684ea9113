import Foundation

/// The safetensors layout: an 8-byte little-endian header length, a JSON header mapping each
/// tensor name to dtype, shape and byte offsets, then the raw little-endian data.
/// Loadable with `safetensors.numpy.load_file` or `safetensors.torch.load_file`.
public enum Safetensors {
    public struct Tensor: Equatable, Sendable {
        public var shape: [Int]
        public var values: [Float]

        public init(shape: [Int], values: [Float]) {
            self.shape = shape
            self.values = values
        }
    }

    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for (name, tensor) in tensors {
            let size = tensor.values.count * MemoryLayout<Float>.size
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + size]]
            offset += size
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(json)
        for (_, tensor) in tensors {
            tensor.values.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt32.self) { words in
                    for word in words { var le = word.littleEndian; withUnsafeBytes(of: &le) { out.append(contentsOf: $0) } }
                }
            }
        }
        return out
    }

    /// The JSON header's length: the file's first 8 bytes, little-endian.
    static func headerLength(_ first: Data) -> UInt64 {
        first.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// The format's own limit on the JSON header.
    static let maximumHeaderBytes = 100 << 20

    /// What is wrong with the file at `path` as a safetensors file of `payloadBytes` of data,
    /// read from its header alone (a listing of many runs cannot read every weight): nil when
    /// the header parses and the file is exactly as long as it and the data.
    public static func layoutProblem(at path: String, payloadBytes: Int) -> String? {
        // Opening a FIFO would wait for a writer: only a regular file is read.
        guard (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeRegular else {
            return "is not a regular file"
        }
        guard let file = FileHandle(forReadingAtPath: path) else { return "cannot be read" }
        defer { try? file.close() }
        guard let size = try? file.seekToEnd(), (try? file.seek(toOffset: 0)) != nil,
              let prefix = try? file.read(upToCount: 8), prefix.count == 8 else { return "is truncated" }
        let length = headerLength(prefix)
        guard length <= UInt64(maximumHeaderBytes), 8 + length <= size else { return "has a header length (\(length)) its size cannot hold" }
        guard let header = try? file.read(upToCount: Int(length)), header.count == Int(length),
              (try? JSONSerialization.jsonObject(with: header)) is [String: Any] else { return "has a header that is not valid JSON" }
        let expected = 8 + length + UInt64(payloadBytes)
        return size == expected ? nil : "is \(size) bytes where the config's layers take \(expected) (truncated, or another model's)"
    }

    /// Decodes every tensor, checking the header fully first: a dtype other than F32, a negative
    /// or overflowing shape, offsets that run backwards, overlap the header or leave the file,
    /// and a byte count that disagrees with the shape are errors naming the tensor.
    public static func decode(_ data: Data, path: String) throws -> [String: Tensor] {
        func fail(_ problem: String) -> DataError { DataError(path: path, problem: problem) }
        guard data.count >= 8 else { throw fail("truncated: too short for a safetensors header") }
        let length = headerLength(data.prefix(8))
        guard length <= UInt64(data.count - 8) else { throw fail("header length \(length) exceeds the file") }
        guard length <= UInt64(maximumHeaderBytes) else { throw fail("header length \(length) is over the format's 100 MB limit") }
        let headerEnd = 8 + Int(length)
        let headerData = data.subdata(in: 8..<headerEnd)
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: headerData)
        } catch {
            throw fail("header \(JSONProblem.describe(error, data: headerData))")
        }
        guard let header = parsed as? [String: Any] else { throw fail("header is not a JSON object") }
        let payload = data.subdata(in: headerEnd..<data.count)
        var tensors: [String: Tensor] = [:]
        for (name, entry) in header.sorted(by: { $0.key < $1.key }) where name != "__metadata__" {
            guard let info = entry as? [String: Any], let dtype = info["dtype"] as? String,
                  let shapeValues = info["shape"] as? [Any], let offsetValues = info["data_offsets"] as? [Any] else {
                throw fail("tensor \(name): malformed header entry (needs dtype, shape and data_offsets)")
            }
            guard dtype == "F32" else { throw fail("tensor \(name): dtype \(dtype), only F32 is supported") }
            let shape = shapeValues.map(exactInteger)
            guard let shape = shape as? [Int], shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("tensor \(name): shape \(shapeValues) is not a list of sizes >= 0")
            }
            let offsets = offsetValues.map(exactInteger)
            guard offsets.count == 2, let begin = offsets[0], let end = offsets[1], begin >= 0, end >= begin else {
                throw fail("tensor \(name): data offsets \(offsetValues) are not two byte offsets in increasing order")
            }
            guard end <= payload.count else {
                throw fail("tensor \(name): data offsets \(offsetValues) run past the end of the data (\(payload.count) bytes)")
            }
            var count = 1
            for size in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow, product <= payload.count else {
                    throw fail("tensor \(name): shape \(shape) holds more values than the file has bytes")
                }
                count = product
            }
            guard end - begin == count * 4 else {
                throw fail("tensor \(name): data offsets \(offsetValues) hold \(end - begin) bytes, shape \(shape) of F32 needs \(count * 4)")
            }
            var values = [Float](repeating: 0, count: count)
            values.withUnsafeMutableBytes { target in
                payload.copyBytes(to: target.bindMemory(to: UInt8.self), from: begin..<end)
            }
            tensors[name] = Tensor(shape: shape, values: values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) })
        }
        return tensors
    }

    /// A JSON number that is a whole number representable as `Int`, or nil (1.5, 1e30, "3", true).
    private static func exactInteger(_ value: Any) -> Int? {
        // `is Bool` holds for the numbers 0 and 1 too; a JSON true or false has the type code "c".
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 9.0e18 else { return nil }
        return number.intValue
    }
}
