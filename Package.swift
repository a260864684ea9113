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
        // ncurses for the live lab; Linux ships the wide build as ncursesw, macOS's ncurses is wide already.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses", providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]),
        .target(name: "TUI", dependencies: ["Engine", "CNcurses"], path: "Sources/TUI",
                linkerSettings: [.linkedLibrary("ncursesw", .when(platforms: [.linux])),
                                 .linkedLibrary("ncurses", .when(platforms: [.macOS]))]),
        .executableTarget(name: "aetui", dependencies: ["Engine", "TUI"], path: "Sources/aetui"),
        // Helpers every test target shares (repository, binary, temporary folders, data files).
        .target(name: "TestSupport", dependencies: ["Engine", "CZlib"], path: "Tests/TestSupport"),
        .testTarget(name: "CLITests", dependencies: ["aetui", "TestSupport"], path: "Tests/CLITests"),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "CKernels", "CZlib", "TestSupport"], path: "Tests/EngineTests"),
        // Depends on the executable so `swift test` builds the binary its end-to-end test drives.
        .testTarget(name: "TUITests", dependencies: ["TUI", "Engine", "aetui", "TestSupport"], path: "Tests/TUITests"),
    ],
    swiftLanguageModes: [.v6]
)
