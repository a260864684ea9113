@testable import Engine
import Foundation
import TestSupport
import Testing
@testable import TUI

/// A saved run in the lab through `SavedLabRun`: the runs browser's `Enter` opens it as
/// `aetui open` does, read-only, with its hints worded without keys; `Esc` goes back.
@Suite struct SavedLabRunTests {
    static let data: MNIST = try! MNIST.load(directory: TestSupport.bundledMNIST, trainCount: 100, validationCount: 100)

    @Test func enterOpensTheSelectedRunReadOnlyAndEscapeReturns() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let overfitting = TrainingHint(cause: .overfitting, epoch: 3, batch: nil, evidence: "validation loss rose for 3 epochs",
                                       learningRate: 0.01, fixes: [.stopAtBestEpoch])
        let slow = TrainingHint(cause: .learningRateTooLow, epoch: 2, batch: nil, evidence: "training loss fell only 1%",
                                learningRate: 0.01, fixes: [.raiseLearningRate])
        let folder = try SavedRuns.save(in: directory, model: .supervised, learningRate: 0.01, losses: [0.9, 0.5, 0.4, 0.45],
                                        hints: [slow, overfitting])
        let backend = RecordingBackend(width: 120, height: 40, display: DisplayMode(colors: .monochrome, unicode: false))
        let browser = RunsBrowserScreen(runsDirectory: directory, display: backend.display) {
            try RunViewScreen(directory: $0, data: Self.data, display: backend.display)
        }
        let lab = LabController(backend: backend, screens: [browser], themes: try ThemeCatalog(selecting: nil, directory: nil),
                                signals: nil, framesPerSecond: 10, clock: { 0 })
        #expect(!lab.perform(.enter))
        lab.drawIfChanged()
        let shown = backend.frames.last!.map(\.text).joined()
        #expect(shown.contains(" RUN  finished | 4/4 epochs | \(folder.lastPathComponent)"))
        // Read-only: the hints say what would help, with neither f nor the rate keys.
        for words in ["hint     learning rate too low: training loss fell only", "1%; try a higher rate ",
                      "hint     overfitting: validation loss rose for 3 epochs;", "try stopping at the best epoch "] {
            #expect(shown.contains(words), "\(words)")
        }
        #expect(!shown.contains("f stop") && !shown.contains("+ doubles") && !shown.contains("fix:"))
        #expect(shown.contains(" l log"))
        #expect(!lab.perform(.escape))
        lab.drawIfChanged()
        #expect(backend.frames.last!.map(\.text).joined().contains("1 of 1 runs | 0 marked"))
    }

    @Test func aSavedRunIsNotSteered() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = try SavedRuns.save(in: directory, model: .standard, learningRate: 0.01, losses: [0.2, 0.1])
        let run = try SavedLabRun(directory: folder) { _, _ in Self.data }
        let before = run.monitor.snapshot
        #expect(before.phase == .finished && before.epochs.count == 2 && before.savedFolder == folder.path)
        #expect(before.latent?.points.count == 2 * 100 && before.reconstructions?.originals.count == 8)
        run.restart()
        run.restart(with: TrainingConfig())
        run.stopKeepingBest()
        #expect(!run.togglePause() && run.wait(timeout: 0))
        #expect(run.monitor.snapshot.version == before.version && run.monitor.snapshot.config == before.config)
    }
}
