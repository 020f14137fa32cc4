extension YType {
    /// Finds the position of a UTF-16 index (Yjs `findPosition`).
    func findTextPosition(_ txn: Transaction, _ index: Int) -> TextPosition {
        let pos: TextPosition
        var count: Int
        if let marker = findMarker(index) {
            pos = TextPosition(left: marker.p.left, right: marker.p, index: marker.index, attributes: TextAttributes())
            count = index - marker.index
        } else {
            pos = TextPosition(left: nil, right: start, index: 0, attributes: TextAttributes())
            count = index
        }
        // Until the type holds a format item there are no attributes to collect, and the walk
        // need not read each item's content (docs/DECISIONS.md, "YCore's replay").
        let formats = hasFormats
        while let r = pos.right, count > 0 {
            if formats, case .format(let key, let value) = r.content {
                if !r.deleted { pos.attributes.apply(key: key, value: value, from: r) }
            } else if r.isVisible {
                if count < r.length {
                    _ = txn.doc.getItemCleanStart(txn, ID(client: r.id.client, clock: r.id.clock + count))
                }
                pos.index += r.length
                count -= r.length
            }
            pos.left = r
            pos.right = r.right
        }
        return pos
    }

    /// Skips deleted items and formats already equal to `attributes`.
    func minimizeAttributeChanges(_ pos: TextPosition, _ attributes: TextAttributes) {
        while let r = pos.right {
            if r.deleted {
                pos.forward()
            } else if case .format(let key, let value) = r.content, equalAttrs(orNull(attributes[key]), value) {
                pos.forward()
            } else {
                break
            }
        }
    }

    /// Inserts format items for attributes that differ from the current ones; returns the
    /// attributes to restore afterwards.
    func insertAttributes(_ txn: Transaction, _ pos: TextPosition, _ attributes: TextAttributes) -> TextAttributes {
        var negated = TextAttributes()
        for (key, value) in attributes.pairs {
            let current = orNullEntry(pos.attributes, key)
            if !equalAttrs(current.value, value) {
                negated.set(key, current)
                pos.right = insertItem(txn, left: pos.left, right: pos.right, .format(key: key, value: value))
                pos.forward()
            }
        }
        return negated
    }

    /// Closes attributes opened by an insertion or format (Yjs `insertNegatedAttributes`).
    func insertNegatedAttributes(_ txn: Transaction, _ pos: TextPosition, _ negated: TextAttributes) {
        var negated = negated
        while let r = pos.right {
            if r.deleted {
                pos.forward()
                continue
            }
            if case .format(let key, let value) = r.content, let n = negated[key], equalAttrs(n, value) {
                negated[key] = nil
                pos.forward()
                continue
            }
            break
        }
        for entry in negated.entries {
            let item = insertItem(txn, left: pos.left, right: pos.right, .format(key: entry.key, value: entry.value))
            // The value object is shared with the item it was read from (JavaScript identity).
            if let source = entry.source {
                txn.doc.formatAlias[ObjectIdentifier(item)] = source
            }
            pos.right = item
            pos.forward()
        }
    }

    /// Inserts text (or an embed/type) at a position (Yjs `insertText`).
    func insertContent(_ txn: Transaction, _ pos: TextPosition, _ content: ItemContent, _ attrs: TextAttributes) {
        var attributes = attrs
        for (key, _) in pos.attributes.pairs where attributes[key] == nil {
            attributes[key] = .null
        }
        minimizeAttributeChanges(pos, attributes)
        let negated = insertAttributes(txn, pos, attributes)
        let index = pos.index
        if searchMarkers != nil { updateMarkerChanges(pos.index, content.length) }
        if negated.isEmpty, case .string(let units) = content, let left = pos.left,
            canAppend(txn, to: left, before: pos.right)
        {
            appendText(txn, units, to: left)
            pos.index = index + units.count
            return
        }
        let item = insertItem(txn, left: pos.left, right: pos.right, content)
        pos.right = item
        pos.index = index
        pos.forward()
        insertNegatedAttributes(txn, pos, negated)
    }

    /// Whether text typed right after `left` (and before `right`) would be merged into `left` when
    /// the transaction ends: `left` is this client's newest struct, a live string item of this
    /// type with the same right origin. Then the text is appended in place, which gives the
    /// same structs, bytes and positions as creating an item and merging it at cleanup.
    private func canAppend(_ txn: Transaction, to left: Item, before right: Item?) -> Bool {
        let doc = txn.doc
        guard left.isItem, !left.deleted, left.id.client == doc.clientID, left.parentSub == nil,
            left.right === right, left.rightOrigin == right?.id,
            left.parentType === self, !(item?.deleted ?? false),
            case .string = left.content
        else { return false }
        return left.id.clock + left.length == doc.store.state(of: doc.clientID)
    }

    /// Appends typed text to `left` (see `canAppend`).
    private func appendText(_ txn: Transaction, _ units: [UInt16], to left: Item) {
        guard case .string(var existing) = left.content else { return }
        left.content = .deleted(0)
        existing.append(contentsOf: units)
        left.content = .string(existing)
        left.length += units.count
        length += units.count
        txn.addChangedType(self, nil)
    }

    /// `YText.insert`: attributes nil inherits the attributes in force at the position.
    func textInsert(_ txn: Transaction, _ index: Int, _ units: [UInt16], attributes: TextAttributes?) {
        if units.isEmpty { return }
        let pos = findTextPosition(txn, index)
        insertContent(txn, pos, .string(units), attributes ?? pos.attributes)
    }

    /// `YText.insertEmbed`.
    func textInsertEmbed(_ txn: Transaction, _ index: Int, _ content: ItemContent, attributes: TextAttributes) {
        let pos = findTextPosition(txn, index)
        insertContent(txn, pos, content, attributes)
    }

    /// `YText.delete` (Yjs `deleteText`).
    func textDelete(_ txn: Transaction, _ index: Int, _ count: Int) {
        if count == 0 { return }
        let pos = findTextPosition(txn, index)
        var remaining = count
        let startAttributes = pos.attributes
        unowned(unsafe) let startItem = pos.right
        while remaining > 0, let r = pos.right {
            if !r.deleted {
                switch r.content {
                case .type, .embed, .string:
                    if remaining < r.length {
                        _ = txn.doc.getItemCleanStart(txn, ID(client: r.id.client, clock: r.id.clock + remaining))
                    }
                    remaining -= r.length
                    r.delete(txn)
                default:
                    break
                }
            }
            pos.forward()
        }
        if hasFormats, let s = startItem {
            cleanupFormattingGap(txn, s, pos.right, startAttributes, &pos.attributes)
        }
        if searchMarkers != nil {
            updateMarkerChanges(pos.index, -count + remaining)
        }
    }

    /// Removes redundant format items between `start` and the next content after `curr`
    /// (Yjs `cleanupFormattingGap`).
    @discardableResult
    func cleanupFormattingGap(
        _ txn: Transaction, _ start: Item, _ curr: Item?, _ startAttributes: TextAttributes,
        _ currAttributes: inout TextAttributes
    ) -> Int {
        unowned(unsafe) var end = curr
        var endAttributes = currAttributes
        while end != nil {
            unowned(unsafe) let e = end!
            if e.isVisible { break }
            if !e.deleted, case .format(let key, let value) = e.content {
                endAttributes.apply(key: key, value: value, from: e)
            }
            end = e.right
        }
        var cleanups = 0
        var reachedCurr = false
        unowned(unsafe) var s: Item? = start
        while s != nil && s !== end {
            unowned(unsafe) let c = s!
            if curr === c { reachedCurr = true }
            if !c.deleted, case .format(let key, let value) = c.content {
                let own = (value: value, source: Optional(c.formatIdentity))
                if !jsStrictEqual(orNullEntry(endAttributes, key), own)
                    || jsStrictEqual(orNullEntry(startAttributes, key), own)
                {
                    c.delete(txn)
                    cleanups += 1
                    if !reachedCurr && jsStrictEqual(orNullEntry(currAttributes, key), own)
                        && !jsStrictEqual(orNullEntry(startAttributes, key), own)
                    {
                        currAttributes[key] = nil
                    }
                }
            }
            s = c.right
        }
        return cleanups
    }

    /// Removes every redundant format item of the text (Yjs `cleanupYTextFormatting`).
    @discardableResult
    func cleanupTextFormatting(_ txn: Transaction) -> Int {
        var count = 0
        guard var startItem = start else { return 0 }
        var end: Item? = start
        var startAttributes = TextAttributes()
        var currentAttributes = TextAttributes()
        while let e = end {
            if !e.deleted {
                if case .format(let key, let value) = e.content {
                    currentAttributes.apply(key: key, value: value, from: e)
                } else {
                    count += cleanupFormattingGap(txn, startItem, e, startAttributes, &currentAttributes)
                    startAttributes = currentAttributes
                    startItem = e
                }
            }
            end = e.right
        }
        return count
    }

    /// `YText.format` (Yjs `formatText`).
    func textFormat(_ txn: Transaction, _ index: Int, _ count: Int, _ attributes: TextAttributes) {
        if count == 0 { return }
        let pos = findTextPosition(txn, index)
        if pos.right == nil { return }
        var length = count
        minimizeAttributeChanges(pos, attributes)
        var negated = insertAttributes(txn, pos, attributes)
        loop: while let r = pos.right {
            let isFormatOrDeleted: Bool
            if r.deleted {
                isFormatOrDeleted = true
            } else if case .format = r.content {
                isFormatOrDeleted = true
            } else {
                isFormatOrDeleted = false
            }
            guard length > 0 || (!negated.isEmpty && isFormatOrDeleted) else { break }
            if !r.deleted {
                if case .format(let key, let value) = r.content {
                    if let attr = attributes[key] {
                        if equalAttrs(attr, value) {
                            negated[key] = nil
                        } else {
                            if length == 0 { break loop }
                            negated.set(key, (value, r.formatIdentity))
                        }
                        r.delete(txn)
                    } else {
                        pos.attributes.apply(key: key, value: value, from: r)
                    }
                } else {
                    if length < r.length {
                        _ = txn.doc.getItemCleanStart(txn, ID(client: r.id.client, clock: r.id.clock + length))
                    }
                    length -= r.length
                }
            }
            pos.forward()
        }
        if length > 0 {
            let newlines = [UInt16](repeating: 0x0A, count: length)
            pos.right = insertItem(txn, left: pos.left, right: pos.right, .string(newlines))
            pos.forward()
        }
        insertNegatedAttributes(txn, pos, negated)
    }

    /// The plain text.
    func textString() -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(length)
        unowned(unsafe) var n = start
        var pendingHigh: UInt16? = nil
        while let c = n {
            if !c.deleted, case .string(let s) = c.content {
                if pendingHigh == nil, let first = s.first, !(first >= 0xDC00 && first <= 0xDFFF),
                    let last = s.last, !(last >= 0xD800 && last <= 0xDBFF)
                {
                    UTF16Text.appendUTF8(of: s, to: &utf8)
                } else {
                    // A surrogate pair spans two items: join them first.
                    var units = pendingHigh.map { [$0] } ?? []
                    units.append(contentsOf: s)
                    pendingHigh = nil
                    if let last = units.last, last >= 0xD800 && last <= 0xDBFF {
                        pendingHigh = units.removeLast()
                    }
                    UTF16Text.appendUTF8(of: units, to: &utf8)
                }
            }
            n = c.right
        }
        if let h = pendingHigh { UTF16Text.appendUTF8(of: [h], to: &utf8) }
        return String(decoding: utf8, as: UTF8.self)
    }
}
