import Foundation
import Testing

@testable import Workshop

@Suite("Results CSV")
struct ResultsCSVTests {
    let now = Date(epochMilliseconds: 1_774_890_000_000)
    let rubric = [
        Criterion(id: "A", label: LocalizedText(fr: "a", en: "a")),
        Criterion(id: "B", label: LocalizedText(fr: "b", en: "b")),
    ]

    func view(_ sheets: [ScoreSheet], group: String = "g1") -> ResultsView {
        ResultsView(groups: [
            GroupResults(
                id: group, overtimeMs: nil, total20: nil, criteria: [], jurors: [], complete: true,
                revealedEarly: false,
                sheets: sheets)
        ])
    }

    func sheet(_ juror: String, _ a: Double, _ b: Double, comment: String? = nil, submitted: Bool = true) -> ScoreSheet
    {
        ScoreSheet(
            juror: juror, group: "g1",
            entries: ["A": ScoreEntry(score: a, comment: comment), "B": ScoreEntry(score: b)],
            submittedAt: submitted ? now : nil, updatedAt: now)
    }

    @Test func headerAndRowsWithCRLF() {
        let csv = ResultsCSV.render(view([sheet("j1", 4, 3.5, comment: "solide"), sheet("j2", 0, 5)]), rubric: rubric)
        #expect(
            csv == "group,juror,criterion,score,comment\r\n" + "g1,j1,A,4,solide\r\n" + "g1,j1,B,3.5,\r\n"
                + "g1,j2,A,0,\r\n" + "g1,j2,B,5,\r\n")
    }

    @Test func draftsAreNeverExported() {
        let csv = ResultsCSV.render(view([sheet("j1", 4, 3.5, submitted: false)]), rubric: rubric)
        #expect(csv == "group,juror,criterion,score,comment\r\n")
    }

    @Test(arguments: [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2 points for time", "'-2 points for time"),
        ("@admin", "'@admin"),
        ("a = b", "a = b"),
        ("", ""),
    ])
    func formulaInjectionIsEscaped(comment: String, cell: String) {
        let csv = ResultsCSV.render(view([sheet("j1", 4, 3, comment: comment)]), rubric: rubric)
        #expect(csv.split(separator: "\r\n")[1] == "g1,j1,A,4,\(cell)")
    }

    @Test func cellsWithSeparatorQuoteOrNewlineAreQuoted() {
        #expect(ResultsCSV.quote("good, but long", separator: .comma) == "\"good, but long\"")
        #expect(ResultsCSV.quote("the \"wow\" effect", separator: .comma) == "\"the \"\"wow\"\" effect\"")
        #expect(ResultsCSV.quote("line 1\nline 2", separator: .comma) == "\"line 1\nline 2\"")
        #expect(ResultsCSV.quote("line 1\r\nline 2", separator: .comma) == "\"line 1\r\nline 2\"")
        #expect(ResultsCSV.quote("a;b", separator: .comma) == "a;b")
        #expect(ResultsCSV.quote("a;b", separator: .semicolon) == "\"a;b\"")
        #expect(ResultsCSV.quote("a,b", separator: .semicolon) == "a,b")
        // Both protections at once: the quote prefix, then RFC 4180 quoting.
        let csv = ResultsCSV.render(view([sheet("j1", 4, 3, comment: "=1,2")]), rubric: rubric)
        #expect(csv.split(separator: "\r\n")[1] == "g1,j1,A,4,\"'=1,2\"")
    }

    @Test func semicolonSeparator() {
        let csv = ResultsCSV.render(
            view([sheet("j1", 4, 3.5, comment: "bien; clair")]), rubric: rubric, separator: .semicolon)
        // For spreadsheets set to French: a byte order mark, and decimal commas.
        #expect(
            csv == "\u{FEFF}group;juror;criterion;score;comment\r\n" + "g1;j1;A;4;\"bien; clair\"\r\n"
                + "g1;j1;B;3,5;\r\n")
    }

    @Test func idsAreEscapedToo() {
        let csv = ResultsCSV.render(view([sheet("@j1", 4, 3)], group: "=g1"), rubric: rubric)
        #expect(csv.split(separator: "\r\n")[1] == "'=g1,'@j1,A,4,")
    }

    @Test func exportFollowsTheViewersVisibility() throws {
        var jury = Jury(definition: fixtureDefinition())
        try jury.putScores(uniform(4, comment: "ok"), group: "g1", by: .juror("j1"), at: now)
        try jury.submit(group: "g1", by: .juror("j1"), at: now)
        let before = ResultsCSV.render(jury.results(for: .facilitator()), rubric: jury.rubric)
        #expect(before == "group,juror,criterion,score,comment\r\n")
        for juror in ["j2", "j3"] {
            try jury.putScores(uniform(3), group: "g1", by: .juror(juror), at: now)
            try jury.submit(group: "g1", by: .juror(juror), at: now)
        }
        let after = ResultsCSV.render(jury.results(for: .facilitator()), rubric: jury.rubric)
        let lines = after.split(separator: "\r\n")
        #expect(lines.count == 1 + 3 * 8)
        #expect(lines[1] == "g1,j1,a14-problem,4,ok")
        #expect(lines.last == "g1,j3,a15-dialogue,3,")
    }

    @Test func scoresAreFormattedAsPlainNumbers() {
        #expect(ResultsCSV.format(4) == "4")
        #expect(ResultsCSV.format(3.5) == "3.5")
        #expect(ResultsCSV.format(0.25) == "0.25")
        #expect(ResultsCSV.format(0) == "0")
    }
}

@Suite("Results CSV against formula injection")
struct ResultsCSVInjectionTests {
    @Test("text cells starting with = + - @ tab or carriage return are neutralised")
    func formulaTriggers() {
        for trigger in ["=", "+", "-", "@", "\t", "\r"] {
            #expect(ResultsCSV.text("\(trigger)cmd|' /C calc'!A0") == "'\(trigger)cmd|' /C calc'!A0", "\(trigger)")
        }
        #expect(ResultsCSV.text("plain") == "plain")
        #expect(ResultsCSV.row([ResultsCSV.text("\rx")], separator: .comma) == "\"'\rx\"")
    }
}
