/// The identity of one unit of content: the client that created it and that client's clock.
///
/// Client ids are up to 53 bits (JavaScript's safe integers); clocks count the units of content
/// (UTF-16 code units for strings) a client has created.
public struct ID: Hashable, Sendable, CustomStringConvertible {
    /// The creating client.
    public var client: UInt64
    /// The client-local clock of the first unit.
    public var clock: Int

    /// Creates an id.
    public init(client: UInt64, clock: Int) {
        self.client = client
        self.clock = clock
    }

    /// No id: what an ``Item`` stores for a missing origin (clocks are never negative).
    static let absent = ID(client: 0, clock: -1)

    /// `client:clock`.
    public var description: String { "\(client):\(clock)" }
}
