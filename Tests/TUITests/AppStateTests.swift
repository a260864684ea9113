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

    static func checkTriggers<Action: Equatable>(_ table: KeyTable<Action>) {
        for binding in table.bindings {
            for trigger in binding.triggers {
                #expect(table.action(for: trigger.key) == trigger.action, "\(binding.description.label)")
            }
        }
    }

    @Test func everyBindingTriggersItsAction() {
        Self.checkTriggers(KeyMap.train)
        Self.checkTriggers(KeyMap.lab)
        Self.checkTriggers(KeyMap.anomaly)
        Self.checkTriggers(KeyMap.search)
        Self.checkTriggers(KeyMap.runs)
        Self.checkTriggers(KeyMap.runView)
        #expect(KeyMap.action(for: .character("R")) == .openRuns, "capitals open screens")
        #expect(KeyMap.action(for: .character("A")) == .openAnomaly)
    }

    @Test func helpOverlayShowsEveryBindingAt80Columns() {
        var canvas = Canvas(width: 80, height: 24)
        let entries = KeyMap.train.help + KeyMap.lab.help
        HelpOverlay(entries: entries, context: TestContext.braille).draw(into: &canvas, in: Rect(x: 0, y: 0, width: 80, height: 24))
        let text = canvas.rows(Rect(x: 0, y: 0, width: 80, height: 24)).joined(separator: "\n")
        for entry in entries {
            #expect(text.contains(" \(entry.label) ") && text.contains(entry.help), "\(entry.label) is missing from the help")
        }
    }

    /// The README's key tables, in order: the training screen's, then every other screen's.
    static let readmeTables: [[KeyHelp]] = [KeyMap.train.help + KeyMap.lab.help, KeyMap.anomaly.help + KeyMap.lab.help,
                                            KeyMap.search.help, KeyMap.runs.help, KeyMap.runView.help,
                                            KeyMap.explorer.help + KeyMap.lab.help]

    @Test func readmeKeyTablesMatchTheBindings() throws {
        let readme = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let headers = lines.indices.filter { lines[$0] == "| key | what it does |" }
        #expect(headers.count == Self.readmeTables.count)
        for (header, entries) in zip(headers, Self.readmeTables) {
            let rows = lines[(header + 2)...].prefix { $0.hasPrefix("|") }
            #expect(Array(rows) == entries.map { "| `\($0.label)` | \($0.help) |" })
        }
    }
}
