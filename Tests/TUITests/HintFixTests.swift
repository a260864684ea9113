@testable import Engine
import Testing
@testable import TUI

/// The lab's side of hints: `f` applies the focused run's latest fix to a test double, the footer
/// names the fix, the metrics panel says why.
@Suite struct HintFixTests {
    static let collapse = TrainingHint(cause: .collapsedBottleneck, epoch: 2, batch: nil,
                                       evidence: "latent collapse: all 2 bottleneck units are dead (zero for all but under 1% of the probe images)",
                                       learningRate: 0.005, fixes: [.linearBottleneck, .lowerLearningRate, .anotherSeed])
    static let divergence = TrainingHint(cause: .diverged, epoch: 1, batch: 7, evidence: "loss is NaN at learning rate 0.5",
                                         learningRate: 0.5, fixes: [.lowerLearningRate])
    static let overfitting = TrainingHint(cause: .overfitting, epoch: 9, batch: nil, evidence: "validation loss rose for 3 epochs",
                                          learningRate: 0.005, fixes: [.stopAtBestEpoch])
    static let slow = TrainingHint(cause: .learningRateTooLow, epoch: 2, batch: nil, evidence: "training loss fell only 0.2% in 2 epochs",
                                   learningRate: 1e-5, fixes: [.raiseLearningRate])

    static func screen(_ run: FakeRun) -> TrainScreen {
        TrainScreen(runs: [run], display: DisplayMode(colors: .monochrome, unicode: false))
    }

    static func text(_ response: ScreenResponse) -> String? {
        if case let .message(text, _) = response { text } else { nil }
    }

    /// The run's config with `change` applied, as the fix should restart it.
    static func config(_ model: ModelKind, _ change: (inout TrainingConfig) -> Void) -> TrainingConfig {
        var config = FakeRun(model).monitor.snapshot.config
        change(&config)
        return config
    }

    @Test func eachFixDoesWhatItSays() {
        let cases: [(TrainingHint, FakeRun.Call, String)] = [
            (Self.collapse, .restartWith(Self.config(.supervised) { $0.bottleneckActivation = .linear }),
             "restarting supervised (bottleneck collapsed): restart with a linear bottleneck; the stopped run is saved first"),
            (Self.divergence, .restartWith(Self.config(.supervised) { $0.learningRate = 0.05 }),
             "restarting supervised (diverged): restart at lr 0.05; the stopped run is saved first"),
            (Self.slow, .restartWith(Self.config(.supervised) { $0.learningRate = 1e-4 }),
             "restarting supervised (learning rate too low): restart at lr 0.0001; the stopped run is saved first"),
            (Self.overfitting, .stopKeepingBest, "stopping supervised: its best epoch's weights are kept and saved"),
        ]
        for (hint, call, message) in cases {
            let run = FakeRun(.supervised)
            let screen = Self.screen(run)
            _ = screen.handle(.tab, now: 0)
            run.monitor.record(.hint(hint))
            #expect(Self.text(screen.handle(.character("f"), now: 0)) == message)
            #expect(run.calls == [call])
        }
    }

    @Test func withoutAFixFSaysSoAndDoesNothing() {
        let run = FakeRun(.standard)
        let screen = Self.screen(run)
        #expect(Self.text(screen.handle(.character("f"), now: 0)) == "no hint with a fix for the standard run")
        // Another seed is advice, not a key; a stop needs a run still training.
        run.monitor.record(.hint(TrainingHint(cause: .collapsedBottleneck, epoch: 1, batch: nil, evidence: "dead", learningRate: 0.1,
                                              fixes: [.anotherSeed])))
        run.monitor.record(.hint(Self.overfitting))
        run.stop()
        #expect(Self.text(screen.handle(.character("f"), now: 0)) == "no hint with a fix for the standard run")
        #expect(run.calls == [.stop])
    }

    /// The stopped trainer still reports while it ends (a stopped run at chance: validation diverged):
    /// that is neither announced nor fixed again; the new trainer's hints are.
    @Test func whileARunRestartsItsOldHintsAreQuiet() {
        let run = FakeRun(.standard)
        let screen = Self.screen(run)
        run.monitor.record(.hint(Self.collapse))
        #expect(Self.text(screen.update(now: 0))?.hasPrefix("standard hint: bottleneck collapsed") == true)
        #expect(Self.text(screen.handle(.character("f"), now: 0))?.hasPrefix("restarting standard") == true)
        run.monitor.record(.hint(Self.divergence))
        #expect(Self.text(screen.update(now: 0)) == nil)
        #expect(!screen.keys.contains { $0.footer?.hasPrefix("fix") == true })
        #expect(Self.text(screen.handle(.character("f"), now: 0)) == "standard is restarting")
        // The new trainer starts the monitor over.
        run.monitor.begin(config: run.monitor.snapshot.config)
        _ = screen.update(now: 1)
        run.monitor.record(.started(kernel: "fake", threads: 1, batchesPerEpoch: 10))
        run.monitor.record(.hint(Self.slow))
        #expect(Self.text(screen.update(now: 2)) == "standard hint: learning rate too low - f: restart at lr 0.0001")
        #expect(run.calls.count == 1)
    }

    @Test func theOtherRunsHintSaysToTabFirst() {
        let standard = FakeRun(.standard), supervised = FakeRun(.supervised)
        let screen = TrainScreen(runs: [standard, supervised], display: DisplayMode(colors: .monochrome, unicode: false))
        supervised.monitor.record(.hint(Self.overfitting))
        #expect(Self.text(screen.update(now: 0)) == "supervised hint: overfitting - Tab, then f: stop, keep the best epoch")
        #expect(!screen.keys.contains { $0.footer?.hasPrefix("fix") == true }, "the focused run has no fix to offer")
        _ = screen.handle(.tab, now: 0)
        #expect(screen.keys.first?.footer == "fix: stop, keep the best epoch")
    }

    @Test func theLatestHintWithAFixIsTheOneApplied() {
        let atChance = TrainingHint(cause: .validationDiverged, epoch: 3, batch: nil, evidence: "at chance", learningRate: 0.005,
                                    fixes: [.lowerLearningRate])
        let alone = FakeRun(.standard)
        alone.monitor.record(.hint(atChance))
        #expect(HintFix.offered(for: alone.monitor.snapshot)?.fix == .restart(learningRate: 0.005 / 10))
        // The dead bottleneck left the classifier at chance: the bottleneck is what f fixes.
        let dead = FakeRun(.standard)
        dead.monitor.record(.hint(Self.collapse))
        dead.monitor.record(.hint(atChance))
        #expect(HintFix.offered(for: dead.monitor.snapshot)?.fix == .linearBottleneck)
        dead.monitor.record(.hint(Self.divergence))
        #expect(HintFix.offered(for: dead.monitor.snapshot)?.fix == .restart(learningRate: 0.05))
    }

    /// The screen as the lab draws it: the body, then the footer from the screen's keys.
    static func render(_ screen: TrainScreen, width: Int, height: Int) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        let context = TestContext.ascii
        screen.draw(into: &canvas, in: Rect(x: 0, y: 0, width: width, height: height - 1), context: context, now: 0)
        FooterWidget(keys: screen.keys + KeyMap.lab.help, message: nil, themeName: "dark", modeLabels: screen.modeLabels, context: context)
            .draw(into: &canvas, in: Rect(x: 0, y: height - 1, width: width, height: 1))
        return canvas
    }

    @Test func theFooterAndTheMetricsPanelShowTheHint() throws {
        let run = FakeRun(.standard)
        let screen = Self.screen(run)
        _ = screen.update(now: 0)
        let before = Self.render(screen, width: 120, height: 40)
        #expect(!before.rows(before.bounds).last!.contains("fix"))
        run.monitor.record(.hint(Self.collapse))
        // The new hint is announced once in the footer.
        #expect(Self.text(screen.update(now: 0)) == "standard hint: bottleneck collapsed - f: restart with a linear bottleneck")
        #expect(Self.text(screen.update(now: 0)) == nil)
        for (width, height) in [(120, 40), (80, 24)] {
            let canvas = Self.render(screen, width: width, height: height)
            // The key stays in the footer, first, while the fix is offered, even in the narrowest form.
            #expect(canvas.rows(canvas.bounds).last!.hasPrefix(" f fix: restart with a linear bottleneck "))
            // The metrics panel wraps the hint under its label: what happened and the key first.
            let panel = try #require(ScreenLayout(width: width, height: height, view: .train).panels[.metrics]).inset(by: 1)
            let rows = canvas.rows(panel)
            let start = try #require(rows.firstIndex { $0.hasPrefix("hint") })
            let text = rows[start...].map { $0.dropFirst(width == 120 ? 9 : 7).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            if width == 120 {
                #expect(text.hasPrefix("bottleneck collapsed: f restart with a linear bottleneck. latent collapse: all 2"))
                #expect(text.contains("(zero for all but under 1% of the probe images); or a lower rate (- halves it), another seed"))
            } else {
                // Under the first figures, which stay in view, the hint is cut short and says so.
                #expect(text.hasPrefix("bottleneck collapsed: f restart with a linear") && text.hasSuffix("..."), "\(text)")
                #expect(rows.prefix(3).map { String($0.prefix(5)) } == ["train", "val  ", "k-NN "], "\(rows)")
            }
        }
    }
}
