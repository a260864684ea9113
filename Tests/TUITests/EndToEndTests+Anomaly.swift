import Foundation
import TestSupport
import Testing

/// The anomaly screen in tmux: opened by `aetui anomaly` and by `A` in the lab, on a small
/// MNIST-shaped data set (random images, labels cycling 0-9) so the models train in moments.
/// Part of `EndToEndTests`, whose tests run one at a time: each holds a thread while it polls tmux.
extension EndToEndTests {
    static let anomalySmall = ["--epochs", "1", "--train", "1000", "--val", "500", "--layers", "64,8"]

    static func startAnomaly(_ session: LabSession, arguments: [String]) throws -> (runs: String, status: String) {
        _ = try session.tmux(["-V"])
        let data = session.folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        TestSupport.writeMNIST(to: data, trainCount: 1500, testCount: 400)
        let runs = session.folder.appendingPathComponent("runs").path, status = session.folder.appendingPathComponent("status").path
        let command = "cd '\(TestSupport.repositoryRoot.path)' && env LC_ALL=C.UTF-8 TERM=xterm-256color '\(try TestSupport.executable().path)' "
            + (arguments + ["--data", data.path, "--runs-dir", runs]).map { "'\($0)'" }.joined(separator: " ") + "; echo $? > '\(status)'; sleep 30"
        try session.tmux(["new-session", "-d", "-s", "lab", "-x", "120", "-y", "40", command])
        return (runs, status)
    }

    /// Every panel once the models are scored; the arrows move the threshold, `s` the score, Tab the model.
    @Test func anomalyScreenFromTheCommand() throws {
        let session = LabSession(folder: try TestSupport.temporaryDirectory())
        defer {
            _ = try? session.tmux(["kill-server"])
            try? FileManager.default.removeItem(at: session.folder)
        }
        let (runs, status) = try Self.startAnomaly(session, arguments: ["anomaly", "--normal", "0-8", "--anomalous", "9"] + Self.anomalySmall)
        try session.waitForScreen("the training screen", seconds: 30) { $0.contains("figures (test set)") && $0.contains("anomaly detection") }
        try session.waitForScreen("both models scored", seconds: 90) { screen in
            ["scores, threshold", "(contamination 5.0%)", "ROC curve", "most anomalous", "most normal", "supervised  entropy", "TP "]
                .allSatisfy(screen.contains)
        }
        try session.tmux(["send-keys", "-t", "lab", "Right"])
        try session.waitForScreen("the moved threshold", seconds: 5) { $0.contains("(moved)") }
        try session.tmux(["send-keys", "-t", "lab", "s"])
        let before = try session.waitForScreen("the next score", seconds: 5) { $0.contains("score latent k-NN") && $0.contains("(contamination") }
        // The selection followed whichever model trained last; Tab shows the other one.
        let other = before.contains("│ standard │") ? "│ supervised │" : "│ standard │"
        try session.tmux(["send-keys", "-t", "lab", "Tab"])
        try session.waitForScreen("the other model", seconds: 5) { $0.contains(other) }
        try session.tmux(["resize-window", "-t", "lab", "-x", "80", "-y", "24"])
        try session.waitForScreen("the 80x24 layout", seconds: 5) { screen in
            screen.split(separator: "\n").allSatisfy { $0.count <= 80 } && screen.contains("ROC") && screen.contains("most anomalous")
        }
        try session.quit(status: status)
        let saved = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        #expect(saved.filter { $0.contains("anomaly-normal=0-8") }.count == 2, "\(saved)")
        for run in saved { #expect(FileManager.default.fileExists(atPath: "\(runs)/\(run)/anomaly_scores.safetensors")) }
    }

    /// `A` on the focused lab run opens the hold-out offer; Esc goes back to the lab.
    @Test func anomalyScreenFromTheLab() throws {
        let session = LabSession(folder: try TestSupport.temporaryDirectory())
        defer {
            _ = try? session.tmux(["kill-server"])
            try? FileManager.default.removeItem(at: session.folder)
        }
        let (_, status) = try Self.startAnomaly(session, arguments: Self.anomalySmall)
        try session.waitForScreen("the lab", seconds: 30) { $0.contains("STANDARD") && $0.contains("latent space") }
        try session.tmux(["send-keys", "-t", "lab", "A"])
        try session.waitForScreen("the anomaly screen and its note", seconds: 10) { screen in
            screen.contains("anomaly detection: normal 0-8, anomalous 9") && screen.contains("the lab's runs see all ten digits")
        }
        try session.waitForScreen("the model scored", seconds: 90) { $0.contains("most anomalous") && $0.contains("ROC curve") }
        try session.tmux(["send-keys", "-t", "lab", "Escape"])
        try session.waitForScreen("back in the lab", seconds: 10) { $0.contains("STANDARD") && !$0.contains("anomaly detection") }
        try session.quit(status: status)
    }
}
