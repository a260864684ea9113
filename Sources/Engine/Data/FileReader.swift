import CZlib
import Foundation

/// Reads a data file, raw or gzip-compressed, a piece at a time, so that a caller who knows from
/// a header how much data to expect never reads (or decompresses) much more than that.
///
/// The gzip magic decides which the file is; a `.gz` name promises gzip, and anything else is
/// refused as "not gzip". Every gzip member is decompressed through zlib's `inflate`, with its
/// CRC checked; bytes after the last member are an error, not silently ignored.
final class FileReader {
    static let chunkSize = 1 << 20

    let path: String
    private let descriptor: Int32
    private var isGzip = false
    private var stream = z_stream()
    private var input: [UInt8]
    /// Bytes of `input` not yet consumed: input[inputStart..<inputEnd].
    private var inputStart = 0
    private var inputEnd = 0
    private var fileEnded = false
    private var streamEnded = false

    /// Opens `path`, with a plain reason when it cannot be read (missing, a folder, a symlink loop…).
    init(path: String) throws {
        self.path = path
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { throw DataError(path: path, problem: Self.openProblem(path: path, errno: errno)) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw DataError(path: path, problem: "cannot read its status: \(String(cString: strerror(errno)))")
        }
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFREG else {
            close(descriptor)
            throw DataError(path: path, problem: kind == S_IFDIR ? "is a folder, not a data file" : "is not a regular file")
        }
        self.descriptor = descriptor
        input = [UInt8](repeating: 0, count: Self.chunkSize)
        // Every property is set from here on: a throw runs `deinit`, which closes the file.
        try fill()
        if inputEnd < 2 { try fill() }
        let hasGzipMagic = inputEnd >= 2 && input[0] == 0x1F && input[1] == 0x8B
        if path.hasSuffix(".gz") && !hasGzipMagic {
            throw DataError(path: path, problem: "not a gzip file (the name ends in .gz but it does not start with the gzip magic 1f 8b)")
        }
        if hasGzipMagic {
            guard aet_inflate_init_gzip(&stream) == Z_OK else {
                throw DataError(path: path, problem: "zlib could not start decompressing")
            }
            isGzip = true
        }
    }

    deinit {
        if isGzip { inflateEnd(&stream) }
        close(descriptor)
    }

    /// Up to `count` more bytes of the (decompressed) data: fewer only at its end.
    func read(upTo count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(count, 64 << 20))
        var chunk = [UInt8](repeating: 0, count: min(count, Self.chunkSize))
        while out.count < count {
            let wanted = min(count - out.count, chunk.count)
            let got = try chunk.withUnsafeMutableBufferPointer { try next(into: $0.baseAddress!, count: wanted) }
            if got == 0 { break }
            out.append(contentsOf: chunk[0..<got])
        }
        return out
    }

    /// Checks that nothing follows the data: for gzip, that the last member ended cleanly and no
    /// stray bytes come after it. Call once `read` returned less than asked.
    func checkEnd() throws {
        guard isGzip else { return }
        if !streamEnded { throw DataError(path: path, problem: "truncated gzip data (the compressed stream ends early)") }
    }

    // MARK: - Reading

    /// Fills `buffer` with up to `count` bytes; 0 at the end of the data.
    private func next(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        guard isGzip else {
            if inputStart == inputEnd { try fill() }
            let got = min(count, inputEnd - inputStart)
            input.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + inputStart, count: got) }
            inputStart += got
            return got
        }
        while true {
            if streamEnded {
                // Another gzip member may follow (concatenated files are valid gzip); anything else is an error.
                if inputStart == inputEnd { try fill() }
                if inputStart == inputEnd { return 0 }
                guard try startsAnotherMember() else {
                    throw DataError(path: path, problem: "\(trailingByteCount()) unexpected bytes after the end of the gzip data")
                }
                inflateReset(&stream)
                streamEnded = false
            }
            if inputStart == inputEnd { try fill() }
            if inputStart == inputEnd { return 0 }
            let available = inputEnd - inputStart
            let (code, produced, consumed) = input.withUnsafeMutableBufferPointer { source in
                stream.next_in = source.baseAddress! + inputStart
                stream.avail_in = UInt32(available)
                stream.next_out = buffer
                stream.avail_out = UInt32(count)
                let code = inflate(&stream, Z_NO_FLUSH)
                return (code, count - Int(stream.avail_out), available - Int(stream.avail_in))
            }
            inputStart += consumed
            switch code {
            case Z_STREAM_END: streamEnded = true
            case Z_OK, Z_BUF_ERROR: break
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(code)"
                throw DataError(path: path, problem: "corrupt gzip data (\(message))")
            }
            if produced > 0 { return produced }
        }
    }

    /// Reads the next piece of the file into `input`, after the bytes not yet consumed.
    private func fill() throws {
        guard !fileEnded else { return }
        let kept = inputEnd - inputStart
        let got = input.withUnsafeMutableBytes { buffer in
            if kept > 0 && inputStart > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + inputStart, kept) }
            var got: Int
            repeat {
                got = Foundation.read(descriptor, buffer.baseAddress! + kept, Self.chunkSize - kept)
            } while got < 0 && errno == EINTR
            return got
        }
        guard got >= 0 else {
            throw DataError(path: path, problem: "cannot read: \(String(cString: strerror(errno)))")
        }
        inputStart = 0
        inputEnd = kept + got
        if got == 0 { fileEnded = true }
    }

    private func startsAnotherMember() throws -> Bool {
        // The magic may straddle two reads.
        if inputEnd - inputStart < 2 { try fill() }
        return inputEnd - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B
    }

    private func trailingByteCount() -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return inputEnd - inputStart }
        let position = lseek(descriptor, 0, SEEK_CUR)
        return Int(status.st_size) - Int(position) + (inputEnd - inputStart)
    }

    private static func openProblem(path: String, errno code: Int32) -> String {
        switch code {
        case ENOENT:
            var status = stat()
            return lstat(path, &status) == 0 ? "a symbolic link to something that does not exist" : "file not found"
        case ELOOP: return "too many levels of symbolic links (a symlink loop?)"
        case EACCES, EPERM: return "permission denied"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        default: return "cannot open: \(String(cString: strerror(code)))"
        }
    }
}
