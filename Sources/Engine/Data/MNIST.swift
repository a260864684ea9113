import Foundation

/// MNIST split by the seed protocol: train = images 0..<train of the training file, validation =
/// the next `validation` images, test = the t10k file.
public struct MNIST: Sendable {
    public let train: LabeledImages
    public let validation: LabeledImages
    public let test: LabeledImages
    public let directory: String

    public static let side = 28
    public static let trainingFileCount = 60_000

    /// Loads the four standard files from `directory` (each raw or .gz).
    public static func load(directory: String, trainCount: Int = 10_000, validationCount: Int = 10_000) throws -> MNIST {
        try checkFolder(directory)
        let training = try loadPair(directory: directory, images: "train-images", labels: "train-labels")
        guard trainCount <= training.count, validationCount <= training.count - trainCount else {
            throw DataError(path: directory, problem: "asked for \(trainCount) training + \(validationCount) validation images, but the training file has only \(training.count)")
        }
        let test = try loadPair(directory: directory, images: "t10k-images", labels: "t10k-labels")
        return MNIST(train: training.subset(0..<trainCount),
                     validation: training.subset(trainCount..<(trainCount + validationCount)),
                     test: test, directory: directory)
    }

    /// How many images the training file in `directory` holds, from its header alone: what
    /// `--train all` divides between training and validation before anything is loaded.
    public static func trainingImageCount(directory: String) throws -> Int {
        try checkFolder(directory)
        let path = try locate("train-images", kind: "idx3", in: directory)[0]
        return try IDXFile.dimensions(path: path, expectedDimensions: 3)[0]
    }

    private static func checkFolder(_ directory: String) throws {
        guard !directory.isEmpty else { throw DataError(path: "''", problem: "the data folder path is empty") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            var status = stat()
            let isLink = lstat(directory, &status) == 0
            throw DataError(path: directory, problem: isLink ? "a symbolic link that leads nowhere (a symlink loop, or to something deleted)"
                                                             : "data folder not found (it should hold the four MNIST IDX files)")
        }
        guard isDirectory.boolValue else {
            throw DataError(path: directory, problem: "is a file, not a folder holding the four MNIST IDX files")
        }
    }

    /// The bundled copy: `sample-data/mnist` under the current directory or above the executable.
    public static func bundledDirectory(executable: String = CommandLine.arguments.first ?? "") -> String? {
        let relative = "sample-data/mnist"
        var candidates = [FileManager.default.currentDirectoryPath]
        var url = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(url.path)
            url.deleteLastPathComponent()
        }
        return candidates.map { ($0 as NSString).appendingPathComponent(relative) }
            .first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("t10k-labels-idx1-ubyte.gz")) }
    }

    /// The paths of one file's copies in `directory`, `.gz` first. A symlink counts even when it
    /// leads nowhere, so that reading it says why.
    private static func locate(_ stem: String, kind: String, in directory: String) throws -> [String] {
        let names = ["\(stem)-\(kind)-ubyte.gz", "\(stem)-\(kind)-ubyte", "\(stem).\(kind)-ubyte.gz", "\(stem).\(kind)-ubyte"]
        let paths = names.map { (directory as NSString).appendingPathComponent($0) }.filter { path in
            var status = stat()
            return lstat(path, &status) == 0
        }
        guard !paths.isEmpty else {
            throw DataError(path: (directory as NSString).appendingPathComponent(names[0]),
                            problem: "file not found (also looked for \(names.dropFirst().joined(separator: ", ")))")
        }
        return paths
    }

    /// Reads a file; when several copies exist (raw and .gz), they must hold the same data.
    private static func read(_ stem: String, kind: String, dimensions: Int, in directory: String) throws -> (IDXFile, path: String) {
        let paths = try locate(stem, kind: kind, in: directory)
        let file = try IDXFile.read(path: paths[0], expectedDimensions: dimensions)
        for other in paths.dropFirst() {
            let copy = try IDXFile.read(path: other, expectedDimensions: dimensions)
            guard copy.dimensions == file.dimensions, copy.bytes == file.bytes else {
                throw DataError(path: paths[0], problem: "differs from \((other as NSString).lastPathComponent) in the same folder: keep only the copy you mean")
            }
        }
        return (file, paths[0])
    }

    private static func loadPair(directory: String, images imageStem: String, labels labelStem: String) throws -> LabeledImages {
        let (images, imagePath) = try read(imageStem, kind: "idx3", dimensions: 3, in: directory)
        let (labels, labelPath) = try read(labelStem, kind: "idx1", dimensions: 1, in: directory)
        guard images.dimensions[1] == side, images.dimensions[2] == side else {
            throw DataError(path: imagePath, problem: "images are \(images.dimensions[1])x\(images.dimensions[2]), expected \(side)x\(side)")
        }
        guard images.count > 0 else { throw DataError(path: imagePath, problem: "holds no images (its header says 0)") }
        guard images.count == labels.count else {
            throw DataError(path: labelPath, problem: "has \(labels.count) labels but \((imagePath as NSString).lastPathComponent) has \(images.count) images")
        }
        if let bad = labels.bytes.firstIndex(where: { $0 > 9 }) {
            throw DataError(path: labelPath, problem: "label \(labels.bytes[bad]) at index \(bad) is not a digit 0-9")
        }
        return LabeledImages(pixels: images.bytes, labels: labels.bytes, pixelsPerImage: side * side)
    }
}
