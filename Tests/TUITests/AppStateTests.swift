@testable import Engine
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

    @Test func helpListsEveryKeyOfTheFooter() {
        let helpKeys = HelpOverlay.entries.map(\.key).joined(separator: " ")
        for key in FooterWidget.keys.map(\.key) {
            #expect(helpKeys.contains(key.replacingOccurrences(of: "/", with: " / ")), "\(key) is missing from the help")
        }
    }

    @Test func messagesExpire() {
        var state = AppState()
        state.show("saved", now: 10, seconds: 5)
        #expect(state.message(at: 14)?.text == "saved")
        #expect(state.message(at: 15) == nil)
    }
}
