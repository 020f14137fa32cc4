/// A label given in French and English.
package struct LocalizedText: Codable, Sendable, Hashable {
    /// The French text.
    package var fr: String
    /// The English text.
    package var en: String

    /// Creates a label from its French and English texts.
    package init(fr: String, en: String) {
        self.fr = fr
        self.en = en
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case fr, en
    }

    /// Decodes strictly: both languages required, unknown fields refused.
    package init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fr = try container.decode(String.self, forKey: .fr)
        en = try container.decode(String.self, forKey: .en)
    }
}
