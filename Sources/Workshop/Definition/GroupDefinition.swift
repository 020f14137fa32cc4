/// A group of participants as a session definition declares it.
///
/// JSON form: `{"id": "g1", "name": "Groupe 1", "participants": ["Alice", "Bruno"],
/// "boards": ["deck", "swot"], "jurors": ["j1", "j2"]}`; `boards` is optional (default: one board
/// of every kind), `jurors` is optional (default: every juror of the session).
package struct GroupDefinition: Codable, Sendable, Hashable {
    /// The group's id, unique in the definition (`g1`).
    package var id: String
    /// The group's display name.
    package var name: String
    /// The participants, by name (names are unique in the session).
    package var participants: [String]
    /// The board kinds the group gets, one board each; `nil` means every kind.
    package var boards: [String]?
    /// The ids of the jurors assigned to this group; `nil` means every juror.
    package var jurors: [String]?

    /// Creates a group.
    package init(
        id: String, name: String, participants: [String], boards: [String]? = nil, jurors: [String]? = nil
    ) {
        self.id = id
        self.name = name
        self.participants = participants
        self.boards = boards
        self.jurors = jurors
    }

    /// The kinds of the group's boards, in ``BoardKind`` order (unknown names are left out).
    package var boardKinds: [BoardKind] {
        guard let boards else { return BoardKind.allCases }
        return Set(boards.compactMap(BoardKind.init(rawValue:))).sorted()
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, participants, boards, jurors
    }

    /// Decodes strictly (unknown fields refused).
    package init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        participants = try container.decodeIfPresent([String].self, forKey: .participants) ?? []
        boards = try container.decodeIfPresent([String].self, forKey: .boards)
        jurors = try container.decodeIfPresent([String].self, forKey: .jurors)
    }
}

/// A juror as a session definition declares it: `{"id": "j1", "name": "Claire Martin"}`,
/// with `"president": true` for the jury's president (at most one).
package struct JurorDefinition: Codable, Sendable, Hashable {
    /// The juror's id, unique in the definition; used in scores, results and CSV rows.
    package var id: String
    /// The juror's display name.
    package var name: String
    /// Whether the juror presides the jury: records the decisions and closes the record.
    package var president: Bool

    /// Creates a juror.
    package init(id: String, name: String, president: Bool = false) {
        self.id = id
        self.name = name
        self.president = president
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, president
    }

    /// Decodes strictly (unknown fields refused).
    package init(from decoder: any Decoder) throws {
        try decoder.refuseUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        president = try container.decodeIfPresent(Bool.self, forKey: .president) ?? false
    }
}
