import Engine

/// The figures of one run: latest losses, accuracies (classifier and latent k-NN probe), the
/// learning rate and optimizer, the layer sizes, throughput, hints and where it was saved.
public struct MetricsWidget {
    public var snapshot: RunSnapshot
    public var context: RenderContext
    /// Whether `f` applies the latest hint's fix here (a live run); a saved run's hints only advise.
    public var offersFixes: Bool

    public init(snapshot: RunSnapshot, context: RenderContext, offersFixes: Bool = true) {
        self.snapshot = snapshot
        self.context = context
        self.offersFixes = offersFixes
    }

    /// The lines, label and value, most important first; the widget shows as many as fit.
    /// Below 40 columns each line says less.
    func lines(width: Int) -> [(label: String, value: String, style: Style)] {
        let palette = context.palette, config = snapshot.config
        let narrow = width < 40
        // Once the run has ended, the epoch whose weights it kept: its losses go with the
        // accuracies and probe of the final figures (all of the kept weights).
        let latest = snapshot.epochs.last
        let shown = snapshot.keptEpoch.flatMap { kept in snapshot.epochs.first { $0.epoch == kept } } ?? latest
        let kept = shown?.epoch != latest?.epoch ? " (epoch \(shown?.epoch ?? 0), kept)" : ""
        var lines: [(String, String, Style)] = []
        if narrow {
            lines.append(("train", Format.loss(shown?.trainLoss), palette.train))
            lines.append(("val", Format.loss(shown?.valLoss), palette.validation))
        } else {
            lines.append(("loss", "train \(Format.loss(shown?.trainLoss))  val \(Format.loss(shown?.valLoss))\(kept)", palette.text))
        }
        if config.model == .supervised {
            lines.append((narrow ? "acc" : "val acc", Format.percent(snapshot.test?.valAccuracy ?? shown?.valAccuracy), palette.accuracy))
        }
        lines.append(("k-NN", Format.percent(snapshot.probeAccuracy) + (narrow ? "" : " latent probe (k=5)"), palette.highlight))
        // Three digits: a cosine schedule's rate is a long decimal that moves every batch.
        var rate = "\(String(format: "%.3g", snapshot.learningRate)) \(config.optimizer.rawValue)"
        // The schedule moves the rate; +/- scale it.
        if !narrow { rate += " \(config.schedule.kind.rawValue)" + (offersFixes ? ", +/- scale" : "") }
        lines.append(("lr", rate, palette.text))
        lines.append(("layers", narrow ? config.layers.map(String.init).joined(separator: "-") : config.architecture, palette.text))
        if let test = snapshot.test {
            var text = "loss \(Format.loss(test.testLoss))  k-NN \(Format.percent(test.testProbeAccuracy))"
            if let accuracy = test.testAccuracy { text += "  acc \(Format.percent(accuracy))" }
            lines.append(("test", text, palette.text))
        }
        if let latest {
            let speed = narrow ? "\(Int(latest.samplesPerSecond))/s" : "\(Int(latest.samplesPerSecond)) samples/s, epoch \(String(format: "%.1f", latest.seconds)) s"
            lines.append(("speed", speed, palette.muted))
        }
        if !narrow {
            lines.append(("data", "batch \(config.batchSize), \(config.trainCount) train, \(config.validationCount) val, seed \(config.seed)", palette.muted))
            // Epochs scored on a subset say so until the final figures (on every image) arrive.
            if snapshot.test == nil, let images = latest?.valImages, images < config.validationCount {
                lines.append(("eval", "epochs on \(images) val images; final figures on all", palette.muted))
            }
            if let kernel = snapshot.kernel {
                lines.append(("kernel", "\(kernel), \(snapshot.threads) thread\(snapshot.threads == 1 ? "" : "s")", palette.muted))
            }
        }
        if let message = snapshot.message { lines.append(("note", message, palette.warning)) }
        // Each cause once, as last seen (a collapse is reported again when other units die).
        let offered = offersFixes ? HintFix.offered(for: snapshot)?.hint : nil
        let newest = snapshot.hints.enumerated().filter { index, hint in !snapshot.hints[(index + 1)...].contains { $0.cause == hint.cause } }
        for (_, hint) in newest { lines.append(("hint", hint.labText(key: hint == offered, live: offersFixes), palette.warning)) }
        if let folder = snapshot.savedFolder { lines.append(("saved", folder, palette.muted)) }
        return lines
    }

    public func draw(into canvas: inout Canvas, in rect: Rect) {
        let labelWidth = rect.width >= 40 ? 9 : 7
        // Notes and hints are wrapped (whole, they say what to do) and matter more than the static
        // lines when space is short.
        let isUrgent = { (line: (label: String, value: String, style: Style)) in line.label == "note" || line.label == "hint" }
        let lines = lines(width: rect.width)
        // Hints first: they say what to do; a note says what happened.
        let urgent = (lines.filter { $0.label == "hint" } + lines.filter { $0.label == "note" }).flatMap { line in
            Format.wrap(line.value, width: rect.width - labelWidth).enumerated().map { (label: $0.offset == 0 ? line.label : "", value: $0.element, style: line.style) }
        }
        let rest = lines.filter { !isUrgent($0) }
        // ...but not more than the figures: the losses and accuracies, up to the probe, stay in
        // view, and a hint cut short ends in "…".
        let figures = (rest.firstIndex { $0.label == "k-NN" } ?? 0) + 1
        let kept = Array(rest.prefix(min(figures, rect.height)))
        var shown = Array(urgent.prefix(rect.height - kept.count))
        if shown.count < urgent.count, let last = shown.indices.last {
            shown[last].value = Format.fit(shown[last].value, width: rect.width - labelWidth, unicode: context.display.unicode, continues: true)
        }
        let all = kept + rest.dropFirst(kept.count).prefix(rect.height - kept.count - shown.count) + shown
        for (row, line) in all.enumerated() {
            canvas.write(line.label, x: rect.x, y: rect.y + row, style: context.palette.muted, limit: labelWidth - 1)
            canvas.write(Format.fit(line.value, width: rect.width - labelWidth, unicode: context.display.unicode),
                         x: rect.x + labelWidth, y: rect.y + row, style: line.style, limit: rect.width - labelWidth)
        }
    }
}
