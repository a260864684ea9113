import Testing
@testable import TUI

@Suite struct CanvasTests {
    @Test func writeClipsToTheLimitAndTheGrid() {
        var canvas = Canvas(width: 6, height: 2)
        #expect(canvas.write("hello world", x: 1, y: 0, style: .plain, limit: 3) == 3)
        canvas.write("abcdefgh", x: 3, y: 1, style: .plain)
        canvas.write("zz", x: -1, y: 5, style: .plain)
        #expect(canvas.text == " hel\n   abc")
    }

    @Test func controlCharactersAndEmojiBecomeQuestionMarks() {
        var canvas = Canvas(width: 5, height: 1)
        canvas.write("a\tb🙂c", x: 0, y: 0, style: .plain)
        #expect(canvas.row(0) == "a?b?c")
    }

    @Test func anUnchangedFrameSendsNothing() {
        var canvas = Canvas(width: 10, height: 3)
        canvas.write("loss 0.25", x: 0, y: 1, style: .plain)
        #expect(canvas.spans(since: canvas).isEmpty)
    }

    @Test func aFirstFrameSendsEveryCellInRunsOfOneStyle() {
        var canvas = Canvas(width: 4, height: 2)
        canvas.write("ab", x: 1, y: 0, style: Style(attributes: .bold))
        let spans = canvas.spans(since: nil)
        #expect(spans.map(\.text) == [" ", "ab", " ", "    "])
        #expect(spans.reduce(0) { $0 + $1.text.count } == 8)
    }

    @Test func onlyChangedCellsAreSentWithShortGapsBridged() {
        var before = Canvas(width: 12, height: 1)
        before.write("epoch 1/9 ok", x: 0, y: 0, style: .plain)
        var after = before
        after.write("2", x: 6, y: 0, style: .plain)
        after.write("K", x: 11, y: 0, style: .plain)
        #expect(after.spans(since: before) == [Canvas.Span(x: 6, y: 0, style: .plain, text: "2"),
                                               Canvas.Span(x: 11, y: 0, style: .plain, text: "K")])
        after.write("8", x: 8, y: 0, style: .plain)
        #expect(after.spans(since: before) == [Canvas.Span(x: 6, y: 0, style: .plain, text: "2/8 oK")])
    }

    @Test func aResizedCanvasIsSentWhole() {
        let small = Canvas(width: 3, height: 1), large = Canvas(width: 4, height: 1)
        #expect(large.spans(since: small) == [Canvas.Span(x: 0, y: 0, style: .plain, text: "    ")])
    }

    @Test(arguments: [(BoxGlyphs.unicode, "┌ a ─┐\n│    │\n└────┘"), (BoxGlyphs.ascii, "+ a -+\n|    |\n+----+")])
    func boxesWithTitles(glyphs: BoxGlyphs, expected: String) {
        var canvas = Canvas(width: 6, height: 3)
        canvas.drawBox(canvas.bounds, glyphs: glyphs, style: .plain, title: "a")
        #expect(canvas.text == expected)
    }
}

@Suite struct GlyphTests {
    @Test func brailleBitsFollowTheUnicodeDotOrder() {
        #expect(DotGlyphs.braille.glyph(for: 0) == "\u{2800}")
        #expect(DotGlyphs.braille.glyph(for: DotGlyphs.bit(dx: 0, dy: 0)) == "⠁")
        #expect(DotGlyphs.braille.glyph(for: DotGlyphs.bit(dx: 0, dy: 3)) == "⡀")
        #expect(DotGlyphs.braille.glyph(for: DotGlyphs.bit(dx: 1, dy: 0)) == "⠈")
        #expect(DotGlyphs.braille.glyph(for: DotGlyphs.bit(dx: 1, dy: 3)) == "⢀")
        #expect(DotGlyphs.braille.glyph(for: 0xFF) == "⣿")
    }

    @Test func asciiDotsTellUpperFromLowerAndFull() {
        #expect(DotGlyphs.ascii.glyph(for: 0) == " ")
        #expect(DotGlyphs.ascii.glyph(for: DotGlyphs.bit(dx: 1, dy: 1)) == "'")
        #expect(DotGlyphs.ascii.glyph(for: DotGlyphs.bit(dx: 0, dy: 2)) == ".")
        #expect(DotGlyphs.ascii.glyph(for: DotGlyphs.bit(dx: 0, dy: 0) | DotGlyphs.bit(dx: 1, dy: 3)) == ":")
        #expect(DotGlyphs.ascii.glyph(for: 0xFF) == "#")
    }

    @Test func rasterCellsTakeTheirMajorityInk() {
        var raster = DotRaster(columns: 2, rows: 1, inkCount: 3)
        raster.plot(x: 0, y: 0, ink: 2)
        raster.plot(x: 0, y: 1, ink: 1)
        raster.plot(x: 1, y: 1, ink: 1)
        raster.plot(x: 2, y: 0, ink: 0)
        raster.plot(x: 3, y: 0, ink: 2)
        raster.plot(x: 9, y: 9, ink: 0)
        #expect(raster.dominantInk(column: 0, row: 0) == 1)
        #expect(raster.dominantInk(column: 1, row: 0) == 0)
    }

    @Test func linesIncludeBothEnds() {
        var raster = DotRaster(columns: 2, rows: 1, inkCount: 1)
        raster.line(from: (0, 3), to: (3, 0), ink: 0)
        var canvas = Canvas(width: 2, height: 1)
        raster.render(into: &canvas, x: 0, y: 0, glyphs: .braille) { _ in .plain }
        #expect(canvas.row(0) == "⡠⠊")
    }

    @Test func halfBlocksCarryTheUpperPixelInFrontAndTheLowerBehind() {
        let cell = ImageEncoding.halfBlock.cell(upper: 1, lower: 0, style: .plain)
        #expect(cell.glyph == "▀")
        #expect(cell.style.foreground == .indexed(255))
        #expect(cell.style.background == .indexed(232))
        #expect(Set(GreyRamp.colors).count == GreyRamp.steps)
    }

    @Test func resamplingAveragesAreas() {
        let image: [Float] = [1, 0, 0, 0,
                              0, 0, 0, 0,
                              1, 1, 0, 0,
                              1, 1, 0, 1]
        #expect(ImageResampler.resample(image, side: 4, to: 2) == [0.25, 0, 1, 0.25])
        #expect(ImageResampler.resample(image, side: 4, to: 8) == image)
    }
}
