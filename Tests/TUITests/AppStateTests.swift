@testable import Engine
import Foundation
import TestSupport
import Testing
@testable import TUI

@Suite struct AppStateTests {
    static func press(_ keys: [KeyInput], on state: inout AppState) -> [Effect] {
        keys.compactMap { key in KeyMap.action(for: key).flatMap { state.handle($0) } }
    }

    @Test func tabSwitchesFocusBackAndForth() {
        var state = AppState()
        #expect(Self.press([.tab], on: &state).isEmpty)
        #expect(state.focus == .supervised)
        _ = Self.press([.backTab], on: &state)
        #expect(state.focus == .standard)
    }

    @Test func viewTogglesStayInTheState() {
        var state = AppState()
        _ = Self.press([.character("c"), .character("l"), .character("m"), .character("?")], on: &state)
        #expect(state.view == .compare)
        #expect(state.logScale)
        #expect(state.markers == .digits)
        #expect(state.showHelp)
        _ = Self.press([.escape, .character("m"), .character("c"), .character("l")], on: &state)
        #expect(!state.showHelp)
        #expect(state.markers == .dots)
        #expect(state.view == .train)
        #expect(!state.logScale)
    }

    @Test func runKeysActOnTheFocusedRun() {
        var state = AppState()
        #expect(Self.press([.character(" "), .character("r"), .character("+"), .character("-"), .character("w")], on: &state) == [
            .togglePause(.standard), .restart(.standard), .scaleLearningRate(.standard, by: 2),
            .scaleLearningRate(.standard, by: 0.5), .save(.standard),
        ])
        _ = Self.press([.tab], on: &state)
        #expect(Self.press([.character(" ")], on: &state) == [.togglePause(.supervised)])
    }

    @Test func quitThemeAndResize() {
        var state = AppState()
        #expect(Self.press([.character("q"), .character("\u{03}"), .character("t"), .resize], on: &state) == [.quit, .quit, .nextTheme, .relayout])
    }

    @Test func otherKeysDoNothing() {
        var state = AppState()
        #expect(Self.press([.character("x"), .character("1"), .character("\n")], on: &state).isEmpty)
        #expect(state == AppState())
    }

    @Test func everyBindingTriggersItsAction() {
        for binding in KeyMap.bindings {
            for trigger in binding.triggers {
                #expect(KeyMap.action(for: trigger.key) == trigger.action, "\(binding.label)")
            }
        }
        #expect(KeyMap.action(for: .character("R")) == nil, "capitals are kept for screens")
    }

    @Test func helpOverlayShowsEveryBindingAt80Columns() {
        var canvas = Canvas(width: 80, height: 24)
        HelpOverlay(context: TestContext.braille).draw(into: &canvas, in: Rect(x: 0, y: 0, width: 80, height: 24))
        let text = canvas.rows(Rect(x: 0, y: 0, width: 80, height: 24)).joined(separator: "\n")
        for binding in KeyMap.bindings {
            #expect(text.contains(" \(binding.label) ") && text.contains(binding.help), "\(binding.label) is missing from the help")
        }
    }

    @Test func readmeKeyTableMatchesTheBindings() throws {
        let readme = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let header = try #require(lines.firstIndex(of: "| key | what it does |"))
        let rows = lines[(header + 2)...].prefix { $0.hasPrefix("|") }
        #expect(Array(rows) == KeyMap.bindings.map { "| `\($0.label)` | \($0.help) |" })
    }

    @Test func messagesExpire() {
        var state = AppState()
        state.show("saved", now: 10, seconds: 5)
        #expect(state.message(at: 14)?.text == "saved")
        #expect(state.message(at: 15) == nil)
    }
}
