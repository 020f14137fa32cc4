import Foundation
import Workshop

/// The words, numbers and dates of the printable pages (`record.html`, `report.html`) in one
/// language: board kinds, phases, verdicts and Q&A kinds named, marks with two decimals (a
/// decimal comma in French), durations as minutes and seconds, dates in the session's time
/// zone, and every text escaped for HTML.
struct PageWords {
    let language: RecordPage.Language
    let timeZone: TimeZone

    init(_ language: RecordPage.Language, timeZone: String) {
        self.language = language
        self.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Europe/Paris") ?? .current
    }

    /// The French or the English text.
    func t(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

    /// A duration as `m:ss` (`12:00`), `h:mm:ss` past an hour.
    func duration(_ milliseconds: Int64) -> String {
        let total = max(0, milliseconds) / 1000
        let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, seconds) : String(format: "%d:%02d", minutes, seconds)
    }

    func blockName(_ block: String) -> String {
        switch block {
        case "overall": t("Résultat compensé", "Compensated result")
        default: "\(t("Évaluation", "Assessment")) \(block)"
        }
    }

    func verdict(_ value: String?) -> String {
        switch value {
        case "validated": t("validée", "validated")
        case "not-validated": t("non validée", "not validated")
        case "deferred": t("ajournée", "deferred")
        case "absent": t("absent", "absent")
        default: "—"
        }
    }

    func qaKind(_ kind: String) -> String {
        switch kind {
        case "question": t("Question", "Question")
        case "objection": t("Objection", "Objection")
        default: t("Remarque", "Remark")
        }
    }

    static let kinds: [String: (String, String)] = [
        "empathy-map": ("Carte d'empathie", "Empathy map"), "hmw": ("Comment pourrions-nous", "How might we"),
        "mood-board": ("Planche d'inspiration", "Mood board"), "ideas": ("Idées", "Ideas"),
        "prototype": ("Prototype", "Prototype"), "deck": ("Diaporama du pitch", "Pitch deck"),
        "test-grid": ("Grille de test", "Test grid"), "swot": ("SWOT", "SWOT"),
        "business-model-canvas": ("Business model canvas", "Business model canvas"),
        "mind-map": ("Carte mentale", "Mind map"),
    ]

    func kindName(_ kind: String) -> String {
        Self.kinds[kind].map { language == .fr ? $0.0 : $0.1 } ?? kind
    }

    func phaseName(_ phase: String) -> String {
        let names: [String: (String, String)] = [
            "empathize": ("Empathie", "Empathize"), "define": ("Définition", "Define"),
            "ideate": ("Idéation", "Ideate"),
            "synthesize": ("Synthèse", "Synthesize"), "prototype": ("Prototypage", "Prototype"),
            "test": ("Test", "Test"),
            "pitch": ("Pitch", "Pitch"),
        ]
        return names[phase].map { language == .fr ? $0.0 : $0.1 } ?? phase
    }

    /// Two decimals, with a decimal comma in French.
    func mark(_ value: Double) -> String {
        let text = String(format: "%.2f", Aggregation.roundedToHundredths(value))
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    func seconds(_ milliseconds: Int64) -> String {
        let text = String(format: "%.1f s", Double(milliseconds) / 1000)
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A date and time in the session's time zone.
    func date(_ milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: language == .fr ? "fr_FR" : "en_GB")
        formatter.dateFormat = language == .fr ? "d MMMM yyyy 'à' HH:mm" : "d MMMM yyyy 'at' HH:mm"
        return e(formatter.string(from: Date(epochMilliseconds: milliseconds)))
    }

    func e(_ text: String) -> String {
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
}
