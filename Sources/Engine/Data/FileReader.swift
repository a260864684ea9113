import CZlib
import Foundation

/// Reads a whole file, raw or gzip-compressed, through zlib's streaming reader.
///
/// zlib reads uncompressed files transparently, so the gzip magic decides which the file must be:
/// a `.gz` name promises gzip and anything else is refused as "not gzip".
enum FileReader {
    static let chunkSize = 1 << 20

    static func readAll(path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(path: path, problem: "file not found")
        }
        let isGzipName = path.hasSuffix(".gz")
        if isGzipName {
            let head = try readPrefix(path: path, count: 2)
            if head != [0x1F, 0x8B] {
                throw DataError(path: path, problem: "not a gzip file (the name ends in .gz but it does not start with the gzip magic 1f 8b)")
            }
        }
        guard let file = gzopen(path, "rb") else {
            throw DataError(path: path, problem: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { gzclose(file) }
        gzbuffer(file, UInt32(chunkSize))
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let read = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(chunkSize)) }
            if read < 0 { throw DataError(path: path, problem: gzipProblem(file)) }
            if read == 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(read)])
        }
        // A gzip stream cut short reads as a clean end of file; zlib records the error.
        var code: Int32 = 0
        let message = gzerror(file, &code)
        if code != Z_OK && code != Z_STREAM_END {
            throw DataError(path: path, problem: "corrupt or truncated gzip data (\(message.map { String(cString: $0) } ?? "zlib error \(code)"))")
        }
        return bytes
    }

    private static func gzipProblem(_ file: gzFile) -> String {
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "zlib error \(code)"
        return "corrupt or truncated gzip data (\(message))"
    }

    private static func readPrefix(path: String, count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError(path: path, problem: "cannot open for reading")
        }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
    }
}
