/// The lab's two views.
public enum ViewMode: Equatable, Sendable {
    /// The focused run's loss curves, latent scatter, reconstructions and metrics.
    case train
    /// Both runs' latent scatters side by side.
    case compare
}

/// The panels of the screen.
public enum Panel: Hashable, Sendable {
    case loss, latent, reconstructions, metrics, compareStandard, compareSupervised
}

/// Where everything goes for a terminal size: header and footer lines, and a bordered rectangle
/// per panel. From 120x40 up all panels are roomy; from 80x24 the same panels are tighter; below
/// that there is only the "enlarge" message.
public struct ScreenLayout: Equatable, Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    public static let roomyWidth = 120
    public static let roomyHeight = 40

    public let width: Int
    public let height: Int
    public let header: Rect
    public let footer: Rect
    /// Each panel's rectangle, border included; empty when the terminal is too small.
    public let panels: [Panel: Rect]

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    public init(width: Int, height: Int, view: ViewMode) {
        self.width = width
        self.height = height
        header = Rect(x: 0, y: 0, width: width, height: 1)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else {
            panels = [:]
            return
        }
        let middle = Rect(x: 0, y: 1, width: width, height: height - 2)
        switch view {
        case .compare:
            let (left, right) = middle.splitColumns(at: width / 2)
            panels = [.compareStandard: left, .compareSupervised: right]
        case .train where width >= Self.roomyWidth && height >= Self.roomyHeight:
            // Loss and metrics at the left, the latent scatter (the point of it all) at the right,
            // and the reconstructions across the whole width below, where the digits fit.
            let (top, bottom) = middle.splitRows(at: middle.height - middle.height * 2 / 5)
            let (left, right) = top.splitColumns(at: width / 2)
            let (loss, metrics) = left.splitRows(at: left.height * 3 / 5)
            panels = [.loss: loss, .metrics: metrics, .latent: right, .reconstructions: bottom]
        case .train:
            let (top, bottom) = middle.splitRows(at: middle.height - middle.height * 5 / 11)
            let (latent, loss) = top.splitColumns(at: width / 2)
            let (reconstructions, metrics) = bottom.splitColumns(at: width * 7 / 10)
            panels = [.latent: latent, .loss: loss, .reconstructions: reconstructions, .metrics: metrics]
        }
    }
}
