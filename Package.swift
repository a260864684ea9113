// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "aetui",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "aetui", targets: ["aetui"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    targets: [
        // zlib for gzip'd IDX files (streaming inflate through gzread).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // The GEMM micro-kernels: portable C with AVX2/FMA and AVX-512 paths chosen at run time.
        .target(name: "CKernels", path: "Sources/CKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
        .target(name: "Engine", dependencies: ["CZlib", "CKernels"], path: "Sources/Engine"),
        .executableTarget(name: "aetui", dependencies: ["Engine"], path: "Sources/aetui"),
        .testTarget(name: "CLITests", dependencies: ["aetui"], path: "Tests/CLITests"),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "CKernels", "CZlib"], path: "Tests/EngineTests"),
    ],
    swiftLanguageModes: [.v6]
)
