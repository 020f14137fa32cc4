/// Yjs v1 updates made by Yjs 13.5.43 itself, for tests that need a valid update.
enum YjsFixtures {
    /// `new Y.Doc()` with client id 7 doing `doc.getMap('m').set('k', 'v')`.
    static let mapSetUpdate: [UInt8] = [1, 1, 7, 0, 40, 1, 1, 109, 1, 107, 1, 119, 1, 118, 0]
}
