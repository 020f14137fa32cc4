import Foundation
import Storage
import Workshop

/// The printable HTML report of one group: scores and comments, the Q&A log, the timer record,
/// slide timings, and who contributed what on the group's boards. Every value is escaped.
struct GroupReport {
    let session: LoadedSession
    let group: String
    let results: GroupResults?
    let rubric: [Criterion]
    let pitch: SessionViews.PitchView
    let boards: [BoardRecord]
    let contributions: [BoardContributionRecord]

    var html: String {
        let name = session.definition.groups.first { $0.id == group }?.name ?? group
        let names = Dictionary(session.invites.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var out = """
            <!doctype html><html lang="fr"><head><meta charset="utf-8">
            <title>\(e(name)) — \(e(session.title))</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}h1{font-size:1.5rem;margin:0}
            h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%}
            th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f4f6}
            .flag{color:#b42318;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
            .total{font-size:1.3rem;font-weight:700}@media print{body{margin:0}h2{break-after:avoid}}
            </style></head><body>
            <h1>\(e(name))</h1><p>\(e(session.title))</p>
            """
        out += "<h2>Résultats / Results</h2>"
        if let results, let total = results.total20 {
            out += "<p class=\"total\" data-total20=\"\(fmt(total))\">\(fmt(total)) / 20</p>"
        } else {
            out += "<p>Not every juror has submitted yet.</p>"
        }
        out += "<table><tr><th>Critère / Criterion</th><th>Moyenne / Mean</th><th>Écart / Spread</th><th></th></tr>"
        for criterion in rubric {
            let result = results?.criteria.first { $0.id == criterion.id }
            let flagged = result?.flagged == true ? "<span class=\"flag\">à délibérer / to deliberate</span>" : ""
            let overtime = criterion.showsOvertime ? " — dépassement / overtime: \(seconds(pitch.overtimeMs))" : ""
            out += """
                <tr data-criterion="\(e(criterion.id))"><td>\(e(criterion.label.fr)) / \(e(criterion.label.en))\(e(overtime))</td>
                <td class="num">\(result?.mean.map(fmt) ?? "—")</td><td class="num">\(result?.spread.map(fmt) ?? "—")</td><td>\(flagged)</td></tr>
                """
        }
        out += "</table>"
        out +=
            "<h2>Jurés / Jurors</h2><table><tr><th>Juré / Juror</th><th>Critère / Criterion</th><th>Note / Score</th><th>Commentaire / Comment</th></tr>"
        for sheet in results?.sheets ?? [] {
            for criterion in rubric {
                let entry = sheet.entries[criterion.id]
                out += """
                    <tr><td>\(e(sheet.juror))</td><td>\(e(criterion.id))</td><td class="num">\(entry?.score.map(fmt) ?? "—")</td>
                    <td>\(e(entry?.comment ?? ""))</td></tr>
                    """
            }
        }
        out += "</table>"
        out += "<h2>Chronométrage / Timer</h2><table>"
        out += "<tr><th>Limite / Limit</th><td>\(seconds(pitch.limitMs))</td></tr>"
        out += "<tr><th>Début / Start</th><td>\(time(pitch.startedAt))</td></tr>"
        out += "<tr><th>Fin / Stop</th><td>\(time(pitch.stoppedAt))</td></tr>"
        out +=
            "<tr><th>Durée / Duration</th><td data-elapsed-ms=\"\(pitch.elapsedMs)\">\(seconds(pitch.elapsedMs))</td></tr>"
        out +=
            "<tr><th>Dépassement / Overtime</th><td data-overtime-ms=\"\(pitch.overtimeMs)\">\(seconds(pitch.overtimeMs))</td></tr></table>"
        out += "<h2>Temps par diapositive / Time per slide</h2><table><tr><th>#</th><th>Temps / Time</th></tr>"
        for (slide, ms) in pitch.slideTimings.sorted(by: { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }) {
            out += "<tr><td>\((Int(slide) ?? 0) + 1)</td><td class=\"num\">\(seconds(ms))</td></tr>"
        }
        out += "</table>"
        out +=
            "<h2>Questions et objections / Q&amp;A</h2><table><tr><th>Type</th><th>Texte / Text</th><th>Posée / Asked</th><th>Répondue / Answered</th><th>Réponse / Answer</th></tr>"
        for entry in pitch.qa.entries {
            out += """
                <tr data-qa="\(e(entry.id))"><td>\(e(entry.kind.rawValue))</td><td>\(e(entry.text))</td><td>\(time(entry.askedAt.epochMilliseconds))</td>
                <td>\(time(entry.answeredAt?.epochMilliseconds))</td><td>\(e(entry.answer ?? ""))</td></tr>
                """
        }
        out += "</table>"
        out +=
            "<h2>Contributions</h2><table><tr><th>Tableau / Board</th><th>Personne / Person</th><th>Phase</th><th>Modifications / Edits</th><th>Octets / Bytes</th></tr>"
        let kinds = Dictionary(boards.map { ($0.id, $0.kind.rawValue) }, uniquingKeysWith: { a, _ in a })
        for row in contributions where row.sender != "server" {
            out += """
                <tr><td>\(e(kinds[row.boardId] ?? row.boardId))</td><td>\(e(names[row.sender] ?? row.sender))</td><td>\(e(row.phase))</td>
                <td class="num">\(row.updates)</td><td class="num">\(row.bytes)</td></tr>
                """
        }
        out += "</table></body></html>\n"
        return out
    }

    private func e(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    private func fmt(_ value: Double) -> String { ResultsCSV.format(value) }

    private func seconds(_ ms: Int64) -> String { String(format: "%.3f s", Double(ms) / 1000) }

    private func time(_ ms: Int64?) -> String {
        guard let ms else { return "—" }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = session.calendar.timeZone
        return formatter.string(from: Date(epochMilliseconds: ms))
    }
}
