package import Foundation

/// The results as CSV (`GET …/results.csv`): RFC 4180, one row per group × juror × criterion
/// of the submitted sheets the viewer may see, under the header `group,juror,criterion,score,comment`.
///
/// Rows end with CRLF. A cell containing the separator, a double quote, CR or LF is quoted,
/// with quotes doubled. Text cells (ids, comments) that begin with `=`, `+`, `-`, `@`, a tab
/// or a carriage return (OWASP's list of formula triggers) are
/// prefixed with a single quote `'` against formula injection; scores are numbers we format
/// (`4`, `3.5`) and are left as they are. With `;` (spreadsheets set to French) the file starts
/// with a UTF-8 byte order mark and numbers take a decimal comma (`3,5`).
///
/// For example:
/// ```swift
/// let csv = ResultsCSV.render(jury.results(for: .facilitator()), rubric: jury.rubric, separator: .semicolon)
/// ```
package enum ResultsCSV {
    /// The cell separator: comma by default, semicolon (`?sep=semicolon`) for spreadsheet
    /// locales that expect `;`.
    package enum Separator: String, Sendable, CaseIterable {
        /// `,`
        case comma
        /// `;`
        case semicolon

        /// The separator character.
        package var character: Character { self == .comma ? "," : ";" }

        /// What a file in this form starts with: spreadsheets set to French (those that expect
        /// `;`) read a file as UTF-8 only with a byte order mark (else "Zoé" shows as "ZoÃ©").
        package var preamble: String { self == .semicolon ? "\u{FEFF}" : "" }

        /// A number as this form writes it: a decimal comma with `;` (`3,5`, which those
        /// spreadsheets read as a number; `3.5` they take for text or a date), a point with `,`.
        package func number(_ value: Double) -> String {
            let plain = ResultsCSV.format(value)
            return self == .semicolon ? plain.replacingOccurrences(of: ".", with: ",") : plain
        }
    }

    /// The header row's cells.
    package static let header = ["group", "juror", "criterion", "score", "comment"]

    /// Renders the submitted sheets of `view` (in group, sheet and rubric order).
    package static func render(_ view: ResultsView, rubric: [Criterion], separator: Separator = .comma) -> String {
        var lines = [row(header, separator: separator)]
        for group in view.groups {
            for sheet in group.sheets where sheet.isSubmitted {
                for criterion in rubric {
                    guard let entry = sheet.entries[criterion.id], let score = entry.score else { continue }
                    let cells = [
                        text(group.id), text(sheet.juror), text(criterion.id), separator.number(score),
                        text(entry.comment ?? ""),
                    ]
                    lines.append(row(cells, separator: separator))
                }
            }
        }
        return separator.preamble + lines.map { $0 + "\r\n" }.joined()
    }

    /// A score as a plain number: `4`, `3.5`, `0.25`.
    package static func format(_ score: Double) -> String {
        ScoreScale.plain(score)
    }

    /// A text cell neutralised against formula injection: `'` before a leading `=`, `+`, `-`,
    /// `@`, tab or carriage return.
    package static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    /// One row: cells joined by the separator, each quoted when RFC 4180 requires it.
    package static func row(_ cells: [String], separator: Separator) -> String {
        cells.map { quote($0, separator: separator) }.joined(separator: String(separator.character))
    }

    /// `cell` quoted (quotes doubled) if it contains the separator, a quote, CR or LF.
    package static func quote(_ cell: String, separator: Separator) -> String {
        let special = separator.character.unicodeScalars.first!
        let needsQuotes = cell.unicodeScalars.contains { $0 == special || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
