/// A cached (item, index) pair that lets index lookups in long lists start near their target,
/// managed exactly like Yjs's `ArraySearchMarker`s (at most 80 per type, least recently used
/// replaced), so that positions and therefore encoded bytes match Yjs.
struct SearchMarker {
    /// The marked item (owned by the struct store; see ``Item``).
    unowned(unsafe) var p: Item
    var index: Int
    var timestamp: Int
}

extension YType {
    static let maxSearchMarkers = 80

    @inline(__always) private func nextTimestamp() -> Int {
        markerClock += 1
        return markerClock
    }

    /// A marker at or before `index` (Yjs `findMarker`), as (item, index), or nil when markers
    /// are off.
    func findMarker(_ index: Int) -> (p: Item, index: Int)? {
        guard let startItem = start, index != 0, var markers = searchMarkers else { return nil }
        searchMarkers = nil
        defer { searchMarkers = markers }
        var best = -1
        unowned(unsafe) var p = startItem
        var pindex = 0
        markers.withUnsafeMutableBufferPointer { buf in
            if buf.count > 0 {
                best = 0
                var bestDistance = abs(index - buf[0].index)
                for i in 1..<buf.count {
                    let d = abs(index - buf[i].index)
                    if !(bestDistance < d) {
                        best = i
                        bestDistance = d
                    }
                }
                p = buf[best].p
                pindex = buf[best].index
                markerClock += 1
                buf[best].timestamp = markerClock
            }
        }
        while pindex < index, let r = p.right {
            if p.isVisible {
                if index < pindex + p.length { break }
                pindex += p.length
            }
            p = r
        }
        while pindex > index, let l = p.left {
            p = l
            if p.isVisible { pindex -= p.length }
        }
        while let l = p.left, l.id.client == p.id.client, l.id.clock + l.length == p.id.clock {
            p = l
            if p.isVisible { pindex -= p.length }
        }
        if !p.isVisible { hiddenMarkers = true }
        var slot: Int
        if best >= 0 && Double(abs(markers[best].index - pindex)) < Double(length) / Double(YType.maxSearchMarkers) {
            slot = best
        } else if markers.count >= YType.maxSearchMarkers {
            slot = 0
            for i in 1..<markers.count where !(markers[slot].timestamp < markers[i].timestamp) { slot = i }
        } else {
            p.marker = true
            markers.append(SearchMarker(p: p, index: pindex, timestamp: nextTimestamp()))
            return (p, pindex)
        }
        // Overwrite the chosen marker.
        markers[slot].p.marker = false
        markers[slot].p = p
        p.marker = true
        markers[slot].index = pindex
        markers[slot].timestamp = nextTimestamp()
        return (p, pindex)
    }

    /// Shifts markers after an insertion (`len` > 0) or deletion (`len` < 0) at `index`.
    func updateMarkerChanges(_ index: Int, _ len: Int) {
        guard var markers = searchMarkers else { return }
        searchMarkers = nil
        defer { searchMarkers = markers }
        var removals: [Int] = []
        let moveHidden = len > 0 && hiddenMarkers
        if moveHidden { hiddenMarkers = false }
        markers.withUnsafeMutableBufferPointer { buf in
            var i = buf.count - 1
            while i >= 0 {
                if moveHidden && !buf[i].p.isVisible {
                    unowned(unsafe) var p = buf[i].p
                    p.marker = false
                    var lost = false
                    var delta = 0
                    while p.deleted || !p.countable {
                        guard let l = p.left else {
                            lost = true
                            break
                        }
                        p = l
                        if p.isVisible { delta += p.length }
                    }
                    buf[i].index -= delta
                    if lost || p.marker {
                        removals.append(i)
                        i -= 1
                        continue
                    }
                    buf[i].p = p
                    p.marker = true
                }
                let mIndex = buf[i].index
                if index < mIndex || (len > 0 && index == mIndex) {
                    buf[i].index = max(index, mIndex + len)
                }
                i -= 1
            }
        }
        // Removals were collected from the end, so each index is still valid when removed.
        for i in removals { markers.remove(at: i) }
    }

    /// Re-points markers at `right` to `left` when `right` merges into `left`.
    func mergeMarkers(from right: Item, into left: Item) {
        guard var markers = searchMarkers else { return }
        searchMarkers = nil
        defer { searchMarkers = markers }
        for i in markers.indices where markers[i].p === right {
            markers[i].p = left
            if left.isVisible { markers[i].index -= left.length }
        }
    }
}
