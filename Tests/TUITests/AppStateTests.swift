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
        _ = Self.press([.character("c"), .character("l"), .character("m")], on: &state)
        #expect(state.view == .compare)
        #expect(state.logScale)
        #expect(state.markers == .digits)
        _ = Self.press([.character("m"), .character("c"), .character("l")], on: &state)
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

    @Test func theLabsOwnKeysAreTheSameOnEveryScreen() {
        let keys: [KeyInput] = [.character("q"), .character("\u{03}"), .character("t"), .character("?"), .escape, .resize]
        #expect(keys.map(KeyMap.labAction) == [.quit, .quit, .nextTheme, .toggleHelp, .closeHelp, .resize])
        #expect(keys.allSatisfy { KeyMap.action(for: $0) == nil })
    }

    @Test func otherKeysDoNothing() {
        var state = AppState()
        #expect(Self.press([.character("x"), .character("1"), .character("\n")], on: &state).isEmpty)
        #expect(state == AppState())
    }

    @Test func everyListedTrainingKeyDoesSomething() {
        let keys: [KeyInput] = [.tab, .character("c"), .character(" "), .character("r"), .character("+"), .character("-"),
                                .character("l"), .character("m"), .character("w")]
        #expect(keys.allSatisfy { KeyMap.action(for: $0) != nil })
        #expect(KeyMap.trainKeys.count == 8)
    }
}
