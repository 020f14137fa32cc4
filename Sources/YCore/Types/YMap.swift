/// A shared map (Y.Map): string keys to values or nested types; the last writer wins per key.
///
/// For example:
/// ```swift
/// let meta = doc.getMap("meta")
/// meta.set("title", "Pitch deck")
/// ```
public struct YMap: Equatable {
    let type: YType

    init(_ type: YType) { self.type = type }

    /// Two handles are equal when they refer to the same shared type.
    public static func == (a: YMap, b: YMap) -> Bool { a.type === b.type }

    /// Sets `key` to `value` (in `txn`, or in a transaction of its own).
    public func set(_ key: String, _ value: YInput, in txn: Transaction? = nil) {
        type.withTransaction(txn) { type.mapSet($0, key, value) }
    }

    /// Removes `key`.
    public func delete(_ key: String, in txn: Transaction? = nil) {
        type.withTransaction(txn) { type.mapDelete($0, key) }
    }

    /// The value at `key`, or nil.
    public func get(_ key: String) -> YValue? { type.mapGet(key) }

    /// The Yjs client id that wrote the current value of `key` (who created a board's note,
    /// whatever fields the client wrote), or nil.
    public func writer(of key: String) -> UInt64? {
        guard let item = type.mapEntry(key), !item.deleted else { return nil }
        return item.id.client
    }

    /// Whether `key` has a value.
    public func has(_ key: String) -> Bool { type.mapGet(key) != nil }

    /// Live keys in the order they were first set.
    public var keys: [String] { type.mapKeys() }

    /// Live entries in key order of first insertion.
    public var entries: [(key: String, value: YValue)] {
        type.mapKeys().compactMap { k in type.mapGet(k).map { (k, $0) } }
    }

    /// The number of live keys.
    public var count: Int { type.mapKeys().count }

    /// The JSON view (what Yjs's `toJSON()` gives).
    public func toJSON() -> JSONValue { JSONView.json(of: type, as: .map) }

    /// Registers an observer of this map's own changes; returns a handle to cancel it.
    @discardableResult
    public func observe(_ handler: @escaping (YEvent) -> Void) -> TypeObserver { type.observe(handler) }
}

/// A shared array (Y.Array).
///
/// For example:
/// ```swift
/// let slides = doc.getArray("slides")
/// slides.push([.map([("title", .text("Intro"))])])
/// ```
public struct YArray: Equatable {
    let type: YType

    init(_ type: YType) { self.type = type }

    /// Two handles are equal when they refer to the same shared type.
    public static func == (a: YArray, b: YArray) -> Bool { a.type === b.type }

    /// Inserts elements at `index`; throws ``YCoreError/Code/indexOutOfBounds``.
    public func insert(at index: Int, _ values: [YInput], in txn: Transaction? = nil) throws {
        try type.withTransaction(txn) { t in try type.insertGenerics(t, index, values) }
    }

    /// Appends elements.
    public func push(_ values: [YInput], in txn: Transaction? = nil) {
        type.withTransaction(txn) { type.pushGenerics($0, values) }
    }

    /// Deletes `length` elements from `index`; throws ``YCoreError/Code/indexOutOfBounds``.
    public func delete(at index: Int, length: Int = 1, in txn: Transaction? = nil) throws {
        try type.withTransaction(txn) { t in try type.deleteRange(t, index, length) }
    }

    /// The element at `index`, or nil.
    public func get(_ index: Int) -> YValue? {
        guard index >= 0, index < type.length else { return nil }
        return type.listGet(index)
    }

    /// The number of elements.
    public var count: Int { type.length }

    /// The Yjs client id that inserted the element at `index` (who added a deck's slide), or nil.
    public func writer(at index: Int) -> UInt64? {
        guard index >= 0, index < type.length else { return nil }
        return type.listWriter(index)
    }

    /// All elements.
    public func toArray() -> [YValue] { type.listValues() }

    /// The JSON view.
    public func toJSON() -> JSONValue { JSONView.json(of: type, as: .array) }

    /// Registers an observer of this array's own changes.
    @discardableResult
    public func observe(_ handler: @escaping (YEvent) -> Void) -> TypeObserver { type.observe(handler) }
}
