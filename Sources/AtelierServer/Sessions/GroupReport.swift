import Foundation
import Storage
import Workshop

/// The printable HTML report of one group, in the reader's language (`?lang=`, else
/// `Accept-Language`, else French, as `record.html`): scores and comments as far as the reader
/// may see them, the Q&A log, the timer record, slide timings, and who contributed what on the
/// group's boards — names and labels, not ids. Every value is escaped.
struct GroupReport {
    let session: LoadedSession
    let group: String
    let results: GroupResults?
    let rubric: [Criterion]
    let pitch: SessionViews.PitchView
    let boards: [BoardRecord]
    let contributions: [BoardContributionRecord]
    let language: RecordPage.Language

    private var words: PageWords { PageWords(language, timeZone: session.calendar.timeZone.identifier) }
    private func t(_ fr: String, _ en: String) -> String { words.t(fr, en) }
    private func e(_ text: String) -> String { words.e(text) }

    var html: String {
        let name = session.definition.groups.first { $0.id == group }?.name ?? group
        let names = Dictionary(session.invites.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let jurorNames = Dictionary(
            session.definition.jurors.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var out = """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(name)) — \(e(session.title))</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24}h1{font-size:1.5rem;margin:0}
            h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%}
            th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f4f6}
            .flag{color:#b42318;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
            .total{font-size:1.3rem;font-weight:700}.scroll{overflow-x:auto}@media print{body{margin:0}h2{break-after:avoid}}
            </style></head><body><main>
            <h1>\(e(name))</h1><p>\(e(session.title))</p>
            """
        out += "<h2>\(e(t("Résultats", "Results")))</h2>"
        if let results, let total = results.total20 {
            out += "<p class=\"total\" data-total20=\"\(fmt(total))\">\(words.mark(total)) / 20</p>"
        } else if results?.complete == true || session.state.deliberation.isClosed {
            out +=
                "<p>\(e(t("Les notes ne sont pas visibles pour vous ici.", "The scores are not shown to you here.")))</p>"
        } else {
            out +=
                "<p>\(e(t("Tous les jurés n’ont pas encore remis leur grille.", "Not every juror has submitted yet.")))</p>"
        }
        out +=
            "<div class=\"scroll\"><table><tr><th>\(e(t("Critère", "Criterion")))</th><th>\(e(t("Moyenne", "Mean")))</th>"
        out += "<th>\(e(t("Écart", "Spread")))</th><th>\(e(t("À délibérer", "To deliberate")))</th></tr>"
        for criterion in rubric {
            let result = results?.criteria.first { $0.id == criterion.id }
            let flagged = result?.flagged == true ? "<span class=\"flag\">\(e(t("oui", "yes")))</span>" : ""
            let overtime =
                criterion.showsOvertime
                ? " — \(t("dépassement", "overtime")) \(words.duration(pitch.overtimeMs))" : ""
            out += """
                <tr data-criterion="\(e(criterion.id))"><td>\(e(label(criterion)))\(e(overtime))</td>
                <td class="num">\(result?.mean.map(words.mark) ?? "—")</td><td class="num">\(result?.spread.map(words.mark) ?? "—")</td><td>\(flagged)</td></tr>
                """
        }
        out += "</table></div>"
        if let sheets = results?.sheets, !sheets.isEmpty {
            out +=
                "<h2>\(e(t("Jurés", "Jurors")))</h2><div class=\"scroll\"><table><tr><th>\(e(t("Juré", "Juror")))</th>"
            out += "<th>\(e(t("Critère", "Criterion")))</th><th>\(e(t("Note", "Score")))</th>"
            out += "<th>\(e(t("Commentaire", "Comment")))</th></tr>"
            for sheet in sheets {
                for criterion in rubric where sheet.entries[criterion.id] != nil {
                    let entry = sheet.entries[criterion.id]
                    out += """
                        <tr><td>\(e(jurorNames[sheet.juror] ?? sheet.juror))</td><td>\(e(label(criterion)))</td>
                        <td class="num">\(entry?.score.map(words.mark) ?? "—")</td><td>\(e(entry?.comment ?? ""))</td></tr>
                        """
                }
            }
            out += "</table></div>"
        }
        out += "<h2>\(e(t("Chronométrage", "Timer")))</h2><table>"
        out += "<tr><th>\(e(t("Limite", "Limit")))</th><td>\(words.duration(pitch.limitMs))</td></tr>"
        out += "<tr><th>\(e(t("Début", "Start")))</th><td>\(time(pitch.startedAt))</td></tr>"
        out += "<tr><th>\(e(t("Fin", "Stop")))</th><td>\(time(pitch.stoppedAt))</td></tr>"
        out += "<tr><th>\(e(t("Durée", "Duration")))</th>"
        out += "<td data-elapsed-ms=\"\(pitch.elapsedMs)\">\(words.duration(pitch.elapsedMs))</td></tr>"
        out += "<tr><th>\(e(t("Dépassement", "Overtime")))</th>"
        out += "<td data-overtime-ms=\"\(pitch.overtimeMs)\">\(words.duration(pitch.overtimeMs))</td></tr></table>"
        let timings = pitch.slideTimings.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }
        if !timings.isEmpty {
            out += "<h2>\(e(t("Temps par diapositive", "Time per slide")))</h2><table>"
            out += "<tr><th>\(e(t("Diapositive", "Slide")))</th><th>\(e(t("Temps", "Time")))</th></tr>"
            for (slide, ms) in timings {
                out += "<tr><td>\((Int(slide) ?? 0) + 1)</td><td class=\"num\">\(words.duration(ms))</td></tr>"
            }
            out += "</table>"
        }
        out += "<h2>\(e(t("Questions et objections", "Questions and objections")))</h2><div class=\"scroll\"><table>"
        out += "<tr><th>\(e(t("Type", "Kind")))</th><th>\(e(t("Texte", "Text")))</th><th>\(e(t("Posée", "Asked")))</th>"
        out += "<th>\(e(t("Répondue", "Answered")))</th><th>\(e(t("Réponse", "Answer")))</th></tr>"
        for entry in pitch.qa.entries {
            out += """
                <tr data-qa="\(e(entry.id))"><td>\(e(words.qaKind(entry.kind.rawValue)))</td><td>\(e(entry.text))</td><td>\(time(entry.askedAt.epochMilliseconds))</td>
                <td>\(time(entry.answeredAt?.epochMilliseconds))</td><td>\(e(entry.answer ?? ""))</td></tr>
                """
        }
        out += "</table></div>"
        out += "<h2>\(e(t("Contributions", "Contributions")))</h2><div class=\"scroll\"><table>"
        out += "<tr><th>\(e(t("Tableau", "Board")))</th><th>\(e(t("Personne", "Person")))</th><th>Phase</th>"
        out += "<th>\(e(t("Modifications", "Edits")))</th><th>\(e(t("Octets", "Bytes")))</th></tr>"
        let kinds = Dictionary(boards.map { ($0.id, $0.kind.rawValue) }, uniquingKeysWith: { a, _ in a })
        for row in contributions where row.sender != "server" {
            let person =
                row.sender == "facilitator" ? t("animateur·rice", "facilitator") : names[row.sender] ?? row.sender
            out += """
                <tr><td>\(e(kinds[row.boardId].map(words.kindName) ?? row.boardId))</td><td>\(e(person))</td><td>\(e(phaseName(row.phase)))</td>
                <td class="num">\(row.updates)</td><td class="num">\(row.bytes)</td></tr>
                """
        }
        out += "</table></div></main></body></html>\n"
        return out
    }

    /// A phase by the definition's label (a definition may name its own phases).
    private func phaseName(_ id: String) -> String {
        guard let label = session.definition.phases.first(where: { $0.id == id })?.label else {
            return words.phaseName(id)
        }
        return language == .fr ? label.fr : label.en
    }

    private func label(_ criterion: Criterion) -> String {
        language == .fr ? criterion.label.fr : criterion.label.en
    }

    /// Numbers as the exports print them (no trailing zeros), for the data attributes.
    private func fmt(_ value: Double) -> String { ResultsCSV.format(value) }

    private func time(_ ms: Int64?) -> String {
        guard let ms else { return "—" }
        return words.date(ms)
    }
}
