import Foundation
import Workshop

/// The signed record as a printable page (`record.html`): one A4 section per candidate, in
/// the reader's language (French or English, never both mixed), names and labels rather than
/// ids, marks with two decimals, dates in the session's time zone, table headers repeated on
/// each printed page, and the record's SHA-256 on every section. On a narrow screen (a
/// candidate's phone) a table wider than the page scrolls sideways in its own box, never the
/// page. Every value is escaped.
struct RecordPage {
    enum Language: String {
        case fr, en
    }

    let record: AssessmentRecord
    let sha256: String
    let language: Language
    /// A participant sees only their own section.
    let onlyCandidate: String?

    /// `?lang=` wins, then `Accept-Language`'s first of fr/en, then French (the certification's).
    static func language(query: String?, acceptLanguage: String?) -> Language {
        if let query, let language = Language(rawValue: query.lowercased()) { return language }
        for part in (acceptLanguage ?? "").lowercased().split(separator: ",") {
            let tag = part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? ""
            if tag.hasPrefix("fr") { return .fr }
            if tag.hasPrefix("en") { return .en }
        }
        return .fr
    }

    private func t(_ fr: String, _ en: String) -> String { words.t(fr, en) }

    var html: String {
        let candidates = record.candidates.filter { onlyCandidate == nil || $0.id == onlyCandidate }
        let previous =
            record.previous.map { previous in
                "<p>"
                    + e(
                        t(
                            "Remplace la version \(previous.version) (SHA-256 \(previous.sha256)), rouverte le ",
                            "Replaces version \(previous.version) (SHA-256 \(previous.sha256)), reopened on "))
                    + date(previous.reopenedAt) + " " + e(t("par", "by")) + " " + e(previous.reopenedBy.name) + " : "
                    + e(previous.reason) + "</p>"
            } ?? ""
        var out = """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(t("Procès-verbal", "Assessment record"))) — \(e(record.session.title))</title>
            <style>
            @page{size:A4;margin:16mm 14mm}
            body{font:11pt/1.45 system-ui,"DejaVu Sans",sans-serif;color:#1b1f24;margin:0 auto;max-width:60rem;padding:1rem}
            h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1rem 0 .4rem;border-bottom:1px solid #888}
            h3{font-size:1rem;margin:.8rem 0 .3rem}table{border-collapse:collapse;width:100%;margin:.3rem 0 .6rem}
            th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top}
            thead{display:table-header-group}th{background:#eceef1}tr{break-inside:avoid}
            .num{text-align:right;font-variant-numeric:tabular-nums}.flag{color:#9b1c1c;font-weight:600}
            .hash{font:9pt ui-monospace,monospace;word-break:break-all;color:#333}
            section.candidate{break-before:page}section.candidate:first-of-type{break-before:auto}
            .decision{font-weight:700}.muted{color:#444}.by{font-size:.85em}.nowrap{white-space:nowrap}
            @media screen{.scroll{overflow-x:auto}}
            @media screen and (max-width:40rem){table.cards thead{display:none}table.cards,table.cards tbody,table.cards tr{display:block}
            table.cards tr{border:1px solid #999;margin:0 0 .5rem;padding:.25rem .5rem}
            table.cards td{display:grid;grid-template-columns:8.5rem minmax(0,1fr);gap:.5rem;border:0;padding:.15rem 0;text-align:left}
            table.cards td::before{content:attr(data-label);font-weight:600;color:#444}}
            </style></head><body><main>
            <header><h1>\(e(t("Procès-verbal de jury", "Jury record"))) — \(e(record.session.title))</h1>
            <p>\(e(t("Version", "Version"))) \(record.version) · \(e(t("signé le", "signed on"))) \(date(record.closedAt)) \(e(t("par", "by"))) \(e(record.closedBy.name))</p>
            <p class="hash">SHA-256 (RFC 8785) : \(e(sha256))</p>\(previous)</header>
            """
        for candidate in candidates { out += section(candidate) }
        out += "</main></body></html>\n"
        return out
    }

    /// A table cell with its column's name (shown beside the value when a phone lays rows out as cards).
    private func cell(_ label: String, _ text: String, class name: String? = nil) -> String {
        let attribute = name.map { " class=\"\($0)\"" } ?? ""
        return "<td\(attribute) data-label=\"\(e(label))\">\(e(text))</td>"
    }

    private func section(_ candidate: AssessmentRecord.Candidate) -> String {
        let group = record.groups.first { $0.id == candidate.group }
        var out = """
            <section class="candidate" data-candidate="\(e(candidate.id))">
            <h2>\(e(candidate.name)) — \(e(group?.name ?? candidate.group))</h2>
            <p class="muted">\(e(record.session.title)) · \(e(t("version", "version"))) \(record.version) · SHA-256 \(e(String(sha256.prefix(16))))…</p>
            """
        out +=
            "<h3>\(e(t("Décisions", "Decisions")))</h3><div class=\"scroll\"><table class=\"cards\"><thead><tr><th>\(e(t("Évaluation", "Assessment")))</th>"
        out += "<th class=\"nowrap\">\(e(t("Note /20", "Mark /20")))</th><th>\(e(t("Seuil", "Pass mark")))</th>"
        out +=
            "<th>\(e(t("Proposition", "Proposal")))</th><th>\(e(t("Décision", "Decision")))</th><th>\(e(t("Justification", "Justification")))</th></tr></thead><tbody>"
        for block in candidate.blocks + (candidate.overall.map { [$0] } ?? []) {
            out += "<tr data-block=\"\(e(block.block))\">\(cell(t("Évaluation", "Assessment"), blockName(block.block)))"
            out += cell(t("Note /20", "Mark /20"), block.mark20.map(mark) ?? "—", class: "num")
            out += cell(t("Seuil", "Pass mark"), mark(block.passMark20), class: "num")
            out += cell(t("Proposition", "Proposal"), verdict(block.proposal))
            let decided = decidedBy(block)
            out +=
                "<td data-label=\"\(e(t("Décision", "Decision")))\"><span class=\"decision\">\(e(verdict(block.decision)))</span>"
                + (decided.isEmpty ? "" : "<br><span class=\"muted by\">\(e(decided))</span>") + "</td>"
            out += "\(cell(t("Justification", "Justification"), block.justification ?? ""))</tr>"
        }
        out += "</tbody></table></div>"
        out +=
            "<p class=\"muted\">\(e(t("Les notes /20 sont calculées à partir des moyennes exactes ; les moyennes ci-dessous sont arrondies à deux décimales.", "Marks /20 are computed from the exact means; the means below are rounded to two decimals.")))</p>"
        for block in candidate.blocks {
            out += "<h3>\(e(blockName(block.block))) — \(e(t("critères", "criteria")))</h3>"
            out +=
                "<div class=\"scroll\"><table class=\"cards\"><thead><tr><th>\(e(t("Critère", "Criterion")))</th><th>\(e(t("Évaluateur", "Assessor")))</th>"
            out += "<th>\(e(t("Note", "Score")))</th><th>\(e(t("Commentaire", "Comment")))</th></tr></thead><tbody>"
            for criterion in block.criteria {
                let label = record.rubric.first { $0.id == criterion.id }.map {
                    language == .fr ? $0.label.fr : $0.label.en
                }
                let flag =
                    criterion.flagged == true
                    ? " <span class=\"flag\">\(e(t("écart à délibérer", "spread to deliberate")))</span>" : ""
                let mean = criterion.mean.map { " — \(e(t("moyenne", "mean"))) \(mark($0))" } ?? ""
                let criterionCell =
                    "<td data-label=\"\(e(t("Critère", "Criterion")))\">\(e(label ?? criterion.id))\(mean)\(flag)</td>"
                if criterion.scores.isEmpty {
                    out += "<tr>\(criterionCell)\(cell(t("Évaluateur", "Assessor"), "—"))"
                    out += "\(cell(t("Note", "Score"), "—"))\(cell(t("Commentaire", "Comment"), ""))</tr>"
                }
                for score in criterion.scores {
                    let override = score.override ? " (\(t("individuelle", "individual")))" : ""
                    // The facilitator's name when the definition gives one, else the role.
                    let who =
                        score.by == "facilitator" && score.name == "facilitator"
                        ? t("animateur·rice", "facilitator") : score.name
                    out += "<tr>\(criterionCell)\(cell(t("Évaluateur", "Assessor"), who + override))"
                    out += cell(t("Note", "Score"), mark(score.score), class: "num")
                    out += "\(cell(t("Commentaire", "Comment"), score.comment ?? ""))</tr>"
                }
            }
            out += "</tbody></table></div>"
        }
        if let group {
            if let problem = group.problem {
                out += "<h3>\(e(t("Problématique", "Problem statement")))</h3><p>\(e(problem.text))</p>"
                out +=
                    "<p class=\"muted\">\(e(problem.approvedAt.map { t("approuvée le ", "approved on ") + date($0) } ?? t("non approuvée", "not approved")))</p>"
            }
            if let pitch = group.pitch {
                out +=
                    "<h3>\(e(t("Pitch", "Pitch")))</h3><div class=\"scroll\"><table><thead><tr><th>\(e(t("Limite", "Limit")))</th><th>\(e(t("Durée", "Duration")))</th><th>\(e(t("Dépassement", "Overtime")))</th><th>\(e(t("Temps supplémentaire", "Extra time")))</th></tr></thead><tbody>"
                let extra = pitch.extraTime.map { "\($0.seconds) s — \($0.reason)" }.joined(separator: "; ")
                out +=
                    "<tr><td class=\"num\">\(seconds(pitch.limitMs))</td><td class=\"num\">\(seconds(pitch.durationMs))</td><td class=\"num\">\(seconds(pitch.overtimeMs))</td><td>\(e(extra))</td></tr></tbody></table></div>"
            }
            if let deck = group.deck {
                out +=
                    "<h3>\(e(t("Diaporama tel que présenté", "The deck as pitched")))</h3><div class=\"scroll\"><table><thead><tr><th>#</th><th>\(e(t("Titre", "Title")))</th><th>\(e(t("Contenu", "Content")))</th><th>\(e(t("Temps", "Time")))</th></tr></thead><tbody>"
                for slide in deck.slides {
                    out +=
                        "<tr><td class=\"num\">\(slide.index + 1)</td><td>\(e(slide.title))</td><td>\(e(slide.body))</td><td class=\"num\">\(seconds(slide.timeMs))</td></tr>"
                }
                out += "</tbody></table></div>"
            }
            if !group.qa.isEmpty {
                out +=
                    "<h3>\(e(t("Questions et objections", "Questions and objections")))</h3><div class=\"scroll\"><table><thead><tr><th>\(e(t("Type", "Kind")))</th><th>\(e(t("Question", "Question")))</th><th>\(e(t("Réponse", "Answer")))</th><th>\(e(t("Répondu par", "Answered by")))</th></tr></thead><tbody>"
                for entry in group.qa {
                    out +=
                        "<tr><td>\(e(qaKind(entry.kind)))</td><td>\(e(entry.text))</td><td>\(e(entry.answer ?? ""))</td><td>\(e(entry.answeredBy.joined(separator: ", ")))</td></tr>"
                }
                out += "</tbody></table></div>"
            }
        }
        out += "<h3>\(e(t("Contributions personnelles", "Own contributions")))</h3>"
        if candidate.contributions.isEmpty {
            out +=
                "<p class=\"muted\">\(e(t("Aucun élément créé par ce candidat sur les tableaux.", "No item created by this candidate on the boards.")))</p>"
        } else {
            out +=
                "<div class=\"scroll\"><table><thead><tr><th>\(e(t("Tableau", "Board")))</th><th>\(e(t("Phase", "Phase")))</th><th>\(e(t("Éléments", "Items")))</th></tr></thead><tbody>"
            for contribution in candidate.contributions {
                let texts = contribution.items.map { $0.text.isEmpty ? $0.type : $0.text }.joined(separator: " · ")
                out +=
                    "<tr><td>\(e(kindName(contribution.kind)))</td><td>\(e(phaseName(contribution.phase)))</td><td>\(e(texts))</td></tr>"
            }
            out += "</tbody></table></div>"
        }
        if let group, !group.checkpoints.isEmpty {
            out +=
                "<h3>\(e(t("Tableaux du groupe à la fin de chaque phase", "The group's boards at the end of each phase")))</h3>"
            out +=
                "<div class=\"scroll\"><table><thead><tr><th>\(e(t("Phase", "Phase")))</th><th>\(e(t("Tableau", "Board")))</th><th>\(e(t("Contenu", "Content")))</th></tr></thead><tbody>"
            for checkpoint in group.checkpoints {
                for board in checkpoint.boards where !board.items.isEmpty || board.slides > 0 {
                    let texts = board.items.map { $0.text.isEmpty ? $0.type : $0.text }.joined(separator: " · ")
                    let slides = board.slides > 0 ? " (\(board.slides) \(t("diapositives", "slides")))" : ""
                    out +=
                        "<tr><td>\(e(phaseName(checkpoint.phase)))</td><td>\(e(kindName(board.kind)))\(slides)</td><td>\(e(texts))</td></tr>"
                }
            }
            out += "</tbody></table></div>"
        }
        out +=
            "<h3>\(e(t("Signatures du jury", "The jury's signatures")))</h3><div class=\"scroll\"><table><thead><tr><th>\(e(t("Juré", "Juror")))</th><th>\(e(t("Signé le", "Signed on")))</th></tr></thead><tbody>"
        for juror in record.jurors {
            let role = juror.president ? " (\(t("président·e", "president")))" : ""
            out += "<tr><td>\(e(juror.name))\(e(role))</td><td>\(juror.signedAt.map(date) ?? "—")</td></tr>"
        }
        out += "</tbody></table></div>"
        let conflicts = record.jurors.flatMap { juror in
            juror.conflicts.filter { $0.group == candidate.group }.map { (juror, $0) }
        }
        if !conflicts.isEmpty {
            out += "<h3>\(e(t("Conflits d’intérêts déclarés", "Conflicts of interest declared")))</h3><ul>"
            for (juror, conflict) in conflicts {
                let after =
                    conflict.afterSubmitting
                    ? t(
                        " — après avoir soumis sa grille, qui ne compte plus",
                        " — after submitting their sheet, which no longer counts")
                    : ""
                out +=
                    "<li>\(e(juror.name)), \(date(conflict.at))\(e(after))\(conflict.reason.map { " : " + e($0) } ?? "")</li>"
            }
            out += "</ul>"
        }
        out += "</section>"
        return out
    }

    /// Who decided, or that the close took the proposal.
    private func decidedBy(_ block: AssessmentRecord.Block) -> String {
        guard let by = block.decidedBy else { return "" }
        if block.defaulted {
            return t("proposition retenue à la clôture (présidence : ", "proposal taken at the close (presiding: ")
                + by.name + ")"
        }
        return t("par ", "by ") + by.name + (block.decidedAt.map { ", " + date($0) } ?? "")
    }

    // MARK: - Words and numbers

    private var words: PageWords { PageWords(language, timeZone: record.session.timeZone) }
    private func blockName(_ block: String) -> String { words.blockName(block) }
    private func verdict(_ value: String?) -> String { words.verdict(value) }
    private func qaKind(_ kind: String) -> String { words.qaKind(kind) }
    private func kindName(_ kind: String) -> String { words.kindName(kind) }
    private func phaseName(_ phase: String) -> String { words.phaseName(phase) }
    private func mark(_ value: Double) -> String { words.mark(value) }
    private func seconds(_ milliseconds: Int64) -> String { words.seconds(milliseconds) }
    private func date(_ milliseconds: Int64) -> String { words.date(milliseconds) }
    private func e(_ text: String) -> String { words.e(text) }
}
