import Engine

/// The anomaly screen: for the selected model (or normal digit), histograms of the normal and
/// anomalous test images' scores with a movable threshold and its confusion matrix, the ROC curve,
/// the table of figures (filling as models finish) and a gallery of the most anomalous and most
/// normal test digits. While the selected model trains, its loss curve takes the histogram's place.
public final class AnomalyScreen: LabScreen {
    private let session: AnomalySession
    private var selectedEntry = 0
    /// Follows the model in training until the user picks one.
    private var followsTraining = true
    private var score = AnomalyScore.recommended
    /// Threshold moves from the contamination threshold, in hundredths of the histogram's range.
    private var thresholdSteps = 0
    /// Save failures already shown in the footer.
    private var reportedSaveErrors = 0

    static let thresholdStepsPerRange = 100

    public init(session: AnomalySession) {
        self.session = session
    }

    /// From the lab: the lab's runs train on all ten digits, so there is no anomaly among their
    /// test images; this trains a new model of the same config on 0-8 and holds 9 out as the anomaly.
    public convenience init(labRun config: TrainingConfig, environment: RunEnvironment) {
        let split = AnomalySplit.nineHeldOut
        let note = "the lab's runs see all ten digits: a new \(config.model.rawValue) model trains on 0-8 and 9 is held out as the anomaly"
        let session = AnomalySession(jobs: [AnomalyJob(split: split, config: config)], environment: environment,
                                     settings: AnomalyExperiment.Settings(), parallel: 1, threadsPerJob: environment.threads, note: note)
        session.start()
        self.init(session: session)
    }

    public var keys: [KeyHelp] { KeyMap.anomaly.help }

    private struct FrameKey: Hashable {
        var versions: [UInt64]
        var phases: [String]
        var selectedEntry: Int
        var score: AnomalyScore
        var thresholdSteps: Int
    }

    public func handle(_ key: KeyInput, now: Double) -> ScreenResponse {
        guard let action = KeyMap.anomaly.action(for: key) else { return .ignored }
        let count = session.monitors.count
        switch action {
        case .nextEntry, .previousEntry:
            followsTraining = false
            selectedEntry = (selectedEntry + (action == .nextEntry ? 1 : count - 1)) % count
            thresholdSteps = 0
            if let available = availableScores, !available.contains(score) { score = AnomalyScore.recommended }
        case .nextScore:
            let available = availableScores ?? AnomalyScore.available(for: session.entries[selectedEntry].model)
            score = available[((available.firstIndex(of: score) ?? -1) + 1) % available.count]
            thresholdSteps = 0
        case .lowerThreshold: thresholdSteps -= 1
        case .raiseThreshold: thresholdSteps += 1
        case .resetThreshold: thresholdSteps = 0
        }
        return .handled
    }

    private var availableScores: [AnomalyScore]? {
        session.entries[selectedEntry].report.map { $0.results.map(\.score) }
    }

    public func update(now: Double) -> ScreenResponse {
        let entries = session.entries
        let saveErrors = entries.compactMap(\.saveError)
        if saveErrors.count > reportedSaveErrors {
            reportedSaveErrors = saveErrors.count
            return .message("not saved: \(saveErrors[saveErrors.count - 1])", isError: true)
        }
        guard followsTraining else { return .ignored }
        if let training = entries.firstIndex(where: { $0.phase == .training || $0.phase == .queued }) {
            selectedEntry = training
        }
        return .ignored
    }

    public func frameKey(now: Double) -> AnyHashable {
        FrameKey(versions: session.monitors.map(\.snapshot.version), phases: session.entries.map { "\($0.phase)" },
                 selectedEntry: selectedEntry, score: score, thresholdSteps: thresholdSteps)
    }

    public func draw(into canvas: inout Canvas, in body: Rect, context: RenderContext, now: Double) {
        let entries = session.entries
        let entry = entries[selectedEntry]
        let palette = context.palette
        var header = "anomaly detection: normal \(AnomalySplit.describe(entry.split.normal)), anomalous \(AnomalySplit.describe(entry.split.anomalous))"
        header += context.display.separator + "\(entry.model.rawValue)" + context.display.separator + "score \(score.title)"
        canvas.write(header, x: body.x, y: body.y, style: palette.highlight, limit: body.width)
        var panels = body.splitRows(at: 1).bottom
        if let note = session.note {
            canvas.write(note, x: body.x, y: panels.y, style: palette.muted, limit: body.width)
            panels = panels.splitRows(at: 1).bottom
        }
        let (top, bottom) = panels.splitRows(at: panels.height / 2)
        let (topLeft, topRight) = top.splitColumns(at: top.width * 3 / 5)
        let (bottomLeft, bottomRight) = bottom.splitColumns(at: bottom.width * 9 / 20)

        let progress = session.monitors.enumerated().map { index, monitor in Self.progress(entries[index], monitor.snapshot) }
        let table = frame(bottomLeft, title: "figures (test set)", canvas: &canvas, context: context)
        AnomalyTableWidget(entries: entries, progress: progress, selectedEntry: selectedEntry, selectedScore: score, context: context)
            .draw(into: &canvas, in: table)

        guard let scores = entry.scores, let values = scores.scores[score], let result = entry.report?.result(score) else {
            let snapshot = session.monitors[selectedEntry].snapshot
            let chart = frame(topLeft, title: "loss: \(entry.model.rawValue) on normal \(entry.split.name), \(progress[selectedEntry])",
                              canvas: &canvas, context: context)
            LossChartWidget(snapshot: snapshot, context: context).draw(into: &canvas, in: chart)
            let waiting: String
            if case .failed(let reason) = entry.phase { waiting = reason } else { waiting = "waiting for this model to be scored" }
            for rect in [topRight, bottomRight] {
                let inner = frame(rect, title: rect == topRight ? "ROC curve" : "test digits", canvas: &canvas, context: context)
                canvas.write(waiting, x: inner.x, y: inner.y + inner.height / 2, style: palette.muted, limit: inner.width)
            }
            return
        }
        let threshold = self.threshold(base: result.threshold, values: values)
        let moved = thresholdSteps == 0 ? "contamination \(Format.percent(session.contamination))" : "moved"
        let histogram = frame(topLeft, title: "scores, threshold \(Format.axis(Double(threshold))) (\(moved))",
                              canvas: &canvas, context: context)
        ScoreHistogramWidget(scores: values, isAnomaly: scores.isAnomaly, threshold: threshold, context: context)
            .draw(into: &canvas, in: histogram)

        let matrix = ConfusionMatrix(scores: values, isAnomaly: scores.isAnomaly, threshold: threshold)
        let negatives = Double(max(1, matrix.falsePositives + matrix.trueNegatives))
        let roc = frame(topRight, title: "ROC curve", canvas: &canvas, context: context)
        ROCCurveWidget(points: rocCurve(scores: values, isAnomaly: scores.isAnomaly),
                       operatingPoint: (Double(matrix.falsePositives) / negatives, matrix.recall),
                       auc: result.metrics.rocAUC, context: context).draw(into: &canvas, in: roc)

        let gallery = frame(bottomRight, title: "test digits: true label and score", canvas: &canvas, context: context)
        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        func item(_ index: Int) -> DigitGalleryWidget.Item {
            DigitGalleryWidget.Item(image: session.test.image(scores.testIndices[index]), label: Int(scores.labels[index]),
                                    score: values[index], isAnomaly: scores.isAnomaly[index])
        }
        let shown = max(1, gallery.width / DigitGalleryWidget.columnWidth)
        DigitGalleryWidget(mostAnomalous: order.suffix(shown).reversed().map(item), mostNormal: order.prefix(shown).map(item),
                           side: MNIST.side, context: context).draw(into: &canvas, in: gallery)
    }

    /// The contamination threshold moved by the arrow keys, in steps of 1% of the histogram's range.
    private func threshold(base: Float, values: [Float]) -> Float {
        let range = ScoreHistogramWidget.range(values)
        let step = (range.upperBound - range.lowerBound) / Float(Self.thresholdStepsPerRange)
        return base + Float(thresholdSteps) * step
    }

    static func progress(_ entry: AnomalySession.Entry, _ snapshot: RunSnapshot) -> String {
        switch entry.phase {
        case .queued: return "queued"
        case .training:
            // The trainer has ended: the model is being evaluated and scored.
            if [.finished, .stopped].contains(snapshot.phase) { return "scoring" }
            return snapshot.epoch > 0 ? "epoch \(snapshot.epoch)/\(snapshot.config.epochs)" : "starting"
        case .scored: return "scored"
        case .failed(let reason): return reason
        }
    }

    private func frame(_ rect: Rect, title: String, canvas: inout Canvas, context: RenderContext) -> Rect {
        canvas.drawBox(rect, glyphs: context.display.box, style: context.palette.axes, title: title, titleStyle: context.palette.highlight)
        return rect.inset(by: 1)
    }

    /// Stops the jobs and waits for them to be saved, within the lab's limit.
    public func close(within limit: CloseLimit) -> ScreenReport {
        guard session.trains else { return ScreenReport() }
        session.stop()
        let finished = limit.wait { session.wait(timeout: 0.05) }
        let entries = session.entries
        return ScreenReport(
            lines: entries.compactMap { entry in entry.savedFolder.map { "saved: \($0)" } },
            errors: entries.compactMap { entry in entry.saveError.map { "the \(entry.model.rawValue) model of \(entry.split.name) was not saved: \($0)" } }
                + (finished ? [] : ["some anomaly models were not saved: \(limit.reason)"]))
    }
}
