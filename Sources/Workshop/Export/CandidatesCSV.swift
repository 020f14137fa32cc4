/// The candidates' results as CSV (`GET …/candidates.csv`): one row per candidate ×
/// assessment × assessor × criterion, with the candidate's mark, proposal and decision in the
/// assessment (RFC 4180, CRLF, the header pinned in DESIGN.md; text cells neutralised against
/// formula injection as in ``ResultsCSV``). A candidate with no score yet has one row per
/// assessment with empty score cells.
package enum CandidatesCSV {
    /// The header row's cells.
    package static let header = [
        "candidate", "name", "group", "block", "juror", "criterion", "score", "comment", "mark20", "proposal",
        "decision",
    ]

    /// Renders the candidates of `view`.
    package static func render(_ view: ResultsView, separator: ResultsCSV.Separator = .comma) -> String {
        var lines = [ResultsCSV.row(header, separator: separator)]
        for candidate in view.candidates {
            for block in candidate.blocks {
                let mark = block.mark20.map(separator.number) ?? ""
                let tail = [mark, block.proposal?.rawValue ?? "", block.decision?.rawValue ?? ""]
                let head = [
                    ResultsCSV.text(candidate.id), ResultsCSV.text(candidate.name), ResultsCSV.text(candidate.group),
                    ResultsCSV.text(block.block),
                ]
                var wrote = false
                for criterion in block.criteria {
                    for score in criterion.scores {
                        let cells =
                            head + [
                                ResultsCSV.text(score.by), ResultsCSV.text(criterion.id),
                                separator.number(score.score),
                                ResultsCSV.text(score.comment ?? ""),
                            ] + tail
                        lines.append(ResultsCSV.row(cells, separator: separator))
                        wrote = true
                    }
                }
                if !wrote { lines.append(ResultsCSV.row(head + ["", "", "", ""] + tail, separator: separator)) }
            }
        }
        return separator.preamble + lines.map { $0 + "\r\n" }.joined()
    }
}
