/// The element order of V8's `Array.prototype.sort` (its TimSort: natural runs, binary insertion
/// up to the minimum run length, galloping merges), reproduced because Yjs's `mergeUpdates`
/// sorts with a comparator that is not a strict order (two different struct kinds at the same
/// clock compare as "less" both ways), so its output depends on the exact algorithm.
struct V8Sort<T> {
    private var a: [T]
    private let compare: (T, T) -> Int
    private var minGallop = 7
    private var runBase: [Int] = []
    private var runLength: [Int] = []

    private static var minGallopWins: Int { 7 }

    /// Sorts `array` as V8 would with `compare` (negative: first argument goes first).
    static func sort(_ array: inout [T], _ compare: (T, T) -> Int) {
        if array.count < 2 { return }
        withoutActuallyEscaping(compare) { cmp in
            var state = V8Sort(a: array, compare: cmp)
            array = []
            state.run()
            array = state.a
        }
    }

    private init(a: [T], compare: @escaping (T, T) -> Int) {
        self.a = a
        self.compare = compare
    }

    private mutating func run() {
        var remaining = a.count
        var low = 0
        let minRun = V8Sort.minRunLength(remaining)
        while remaining != 0 {
            var current = countAndMakeRun(low, low + remaining)
            if current < minRun {
                let forced = min(minRun, remaining)
                binaryInsertionSort(low, low + current, low + forced)
                current = forced
            }
            runBase.append(low)
            runLength.append(current)
            mergeCollapse()
            low += current
            remaining -= current
        }
        mergeForceCollapse()
    }

    private static func minRunLength(_ nArg: Int) -> Int {
        var n = nArg
        var r = 0
        while n >= 64 {
            r |= n & 1
            n >>= 1
        }
        return n + r
    }

    private mutating func countAndMakeRun(_ lowArg: Int, _ high: Int) -> Int {
        let low = lowArg + 1
        if low == high { return 1 }
        var length = 2
        let descending = compare(a[low], a[low - 1]) < 0
        var previous = a[low]
        var idx = low + 1
        while idx < high {
            let current = a[idx]
            let order = compare(current, previous)
            if descending ? order >= 0 : order < 0 { break }
            previous = current
            length += 1
            idx += 1
        }
        if descending { a[lowArg..<(lowArg + length)].reverse() }
        return length
    }

    private mutating func binaryInsertionSort(_ low: Int, _ startArg: Int, _ high: Int) {
        var start = low == startArg ? startArg + 1 : startArg
        while start < high {
            var left = low
            var right = start
            let pivot = a[start]
            while left < right {
                let mid = left + ((right - left) >> 1)
                if compare(pivot, a[mid]) < 0 {
                    right = mid
                } else {
                    left = mid + 1
                }
            }
            var p = start
            while p > left {
                a[p] = a[p - 1]
                p -= 1
            }
            a[left] = pivot
            start += 1
        }
    }

    private func invariantHolds(_ n: Int) -> Bool {
        if n < 2 { return true }
        return runLength[n - 2] > runLength[n - 1] + runLength[n]
    }

    private mutating func mergeCollapse() {
        while runLength.count > 1 {
            var n = runLength.count - 2
            if !invariantHolds(n + 1) || !invariantHolds(n) {
                if runLength[n - 1] < runLength[n + 1] { n -= 1 }
                mergeAt(n)
            } else if runLength[n] <= runLength[n + 1] {
                mergeAt(n)
            } else {
                break
            }
        }
    }

    private mutating func mergeForceCollapse() {
        while runLength.count > 1 {
            var n = runLength.count - 2
            if n > 0 && runLength[n - 1] < runLength[n + 1] { n -= 1 }
            mergeAt(n)
        }
    }

    private mutating func mergeAt(_ i: Int) {
        var baseA = runBase[i]
        var lengthA = runLength[i]
        let baseB = runBase[i + 1]
        var lengthB = runLength[i + 1]
        runLength[i] = lengthA + lengthB
        runBase.remove(at: i + 1)
        runLength.remove(at: i + 1)
        let k = V8Sort.gallopRight(a, a[baseB], baseA, lengthA, 0, compare)
        baseA += k
        lengthA -= k
        if lengthA == 0 { return }
        lengthB = V8Sort.gallopLeft(a, a[baseA + lengthA - 1], baseB, lengthB, lengthB - 1, compare)
        if lengthB == 0 { return }
        if lengthA <= lengthB {
            mergeLow(baseA, lengthA, baseB, lengthB)
        } else {
            mergeHigh(baseA, lengthA, baseB, lengthB)
        }
    }

    private static func gallopLeft(_ arr: [T], _ key: T, _ base: Int, _ length: Int, _ hint: Int, _ cmp: (T, T) -> Int)
        -> Int
    {
        var lastOfs = 0
        var offset = 1
        if cmp(arr[base + hint], key) < 0 {
            let maxOfs = length - hint
            while offset < maxOfs {
                if cmp(arr[base + hint + offset], key) >= 0 { break }
                lastOfs = offset
                offset = (offset << 1) + 1
            }
            if offset > maxOfs { offset = maxOfs }
            lastOfs += hint
            offset += hint
        } else {
            let maxOfs = hint + 1
            while offset < maxOfs {
                if cmp(arr[base + hint - offset], key) < 0 { break }
                lastOfs = offset
                offset = (offset << 1) + 1
            }
            if offset > maxOfs { offset = maxOfs }
            let tmp = lastOfs
            lastOfs = hint - offset
            offset = hint - tmp
        }
        lastOfs += 1
        while lastOfs < offset {
            let m = lastOfs + ((offset - lastOfs) >> 1)
            if cmp(arr[base + m], key) < 0 {
                lastOfs = m + 1
            } else {
                offset = m
            }
        }
        return offset
    }

    private static func gallopRight(_ arr: [T], _ key: T, _ base: Int, _ length: Int, _ hint: Int, _ cmp: (T, T) -> Int)
        -> Int
    {
        var lastOfs = 0
        var offset = 1
        if cmp(key, arr[base + hint]) < 0 {
            let maxOfs = hint + 1
            while offset < maxOfs {
                if cmp(key, arr[base + hint - offset]) >= 0 { break }
                lastOfs = offset
                offset = (offset << 1) + 1
            }
            if offset > maxOfs { offset = maxOfs }
            let tmp = lastOfs
            lastOfs = hint - offset
            offset = hint - tmp
        } else {
            let maxOfs = length - hint
            while offset < maxOfs {
                if cmp(key, arr[base + hint + offset]) < 0 { break }
                lastOfs = offset
                offset = (offset << 1) + 1
            }
            if offset > maxOfs { offset = maxOfs }
            lastOfs += hint
            offset += hint
        }
        lastOfs += 1
        while lastOfs < offset {
            let m = lastOfs + ((offset - lastOfs) >> 1)
            if cmp(key, arr[base + m]) < 0 {
                offset = m
            } else {
                lastOfs = m + 1
            }
        }
        return offset
    }

    private mutating func mergeLow(_ baseA: Int, _ lengthAArg: Int, _ baseB: Int, _ lengthBArg: Int) {
        var lengthA = lengthAArg
        var lengthB = lengthBArg
        let temp = Array(a[baseA..<(baseA + lengthA)])
        var dest = baseA
        var cursorTemp = 0
        var cursorB = baseB
        a[dest] = a[cursorB]
        dest += 1
        cursorB += 1
        var copyB = false
        merge: do {
            lengthB -= 1
            if lengthB == 0 { break merge }
            if lengthA == 1 {
                copyB = true
                break merge
            }
            while true {
                var winsA = 0
                var winsB = 0
                while true {
                    if compare(a[cursorB], temp[cursorTemp]) < 0 {
                        a[dest] = a[cursorB]
                        dest += 1
                        cursorB += 1
                        winsB += 1
                        lengthB -= 1
                        winsA = 0
                        if lengthB == 0 { break merge }
                        if winsB >= minGallop { break }
                    } else {
                        a[dest] = temp[cursorTemp]
                        dest += 1
                        cursorTemp += 1
                        winsA += 1
                        lengthA -= 1
                        winsB = 0
                        if lengthA == 1 {
                            copyB = true
                            break merge
                        }
                        if winsA >= minGallop { break }
                    }
                }
                minGallop += 1
                var first = true
                while winsA >= V8Sort.minGallopWins || winsB >= V8Sort.minGallopWins || first {
                    first = false
                    minGallop = max(1, minGallop - 1)
                    winsA = V8Sort.gallopRight(temp, a[cursorB], cursorTemp, lengthA, 0, compare)
                    if winsA > 0 {
                        for k in 0..<winsA { a[dest + k] = temp[cursorTemp + k] }
                        dest += winsA
                        cursorTemp += winsA
                        lengthA -= winsA
                        if lengthA == 1 {
                            copyB = true
                            break merge
                        }
                        if lengthA == 0 { break merge }
                    }
                    a[dest] = a[cursorB]
                    dest += 1
                    cursorB += 1
                    lengthB -= 1
                    if lengthB == 0 { break merge }
                    winsB = V8Sort.gallopLeft(a, temp[cursorTemp], cursorB, lengthB, 0, compare)
                    if winsB > 0 {
                        for k in 0..<winsB { a[dest + k] = a[cursorB + k] }
                        dest += winsB
                        cursorB += winsB
                        lengthB -= winsB
                        if lengthB == 0 { break merge }
                    }
                    a[dest] = temp[cursorTemp]
                    dest += 1
                    cursorTemp += 1
                    lengthA -= 1
                    if lengthA == 1 {
                        copyB = true
                        break merge
                    }
                }
                minGallop += 1
            }
        }
        if copyB {
            for k in 0..<lengthB { a[dest + k] = a[cursorB + k] }
            a[dest + lengthB] = temp[cursorTemp]
        } else if lengthA > 0 {
            for k in 0..<lengthA { a[dest + k] = temp[cursorTemp + k] }
        }
    }

    private mutating func mergeHigh(_ baseA: Int, _ lengthAArg: Int, _ baseB: Int, _ lengthBArg: Int) {
        var lengthA = lengthAArg
        var lengthB = lengthBArg
        let temp = Array(a[baseB..<(baseB + lengthB)])
        var dest = baseB + lengthB - 1
        var cursorTemp = lengthB - 1
        var cursorA = baseA + lengthA - 1
        a[dest] = a[cursorA]
        dest -= 1
        cursorA -= 1
        var copyA = false
        merge: do {
            lengthA -= 1
            if lengthA == 0 { break merge }
            if lengthB == 1 {
                copyA = true
                break merge
            }
            while true {
                var winsA = 0
                var winsB = 0
                while true {
                    if compare(temp[cursorTemp], a[cursorA]) < 0 {
                        a[dest] = a[cursorA]
                        dest -= 1
                        cursorA -= 1
                        winsA += 1
                        lengthA -= 1
                        winsB = 0
                        if lengthA == 0 { break merge }
                        if winsA >= minGallop { break }
                    } else {
                        a[dest] = temp[cursorTemp]
                        dest -= 1
                        cursorTemp -= 1
                        winsB += 1
                        lengthB -= 1
                        winsA = 0
                        if lengthB == 1 {
                            copyA = true
                            break merge
                        }
                        if winsB >= minGallop { break }
                    }
                }
                minGallop += 1
                var first = true
                while winsA >= V8Sort.minGallopWins || winsB >= V8Sort.minGallopWins || first {
                    first = false
                    minGallop = max(1, minGallop - 1)
                    var k = V8Sort.gallopRight(a, temp[cursorTemp], baseA, lengthA, lengthA - 1, compare)
                    winsA = lengthA - k
                    if winsA > 0 {
                        dest -= winsA
                        cursorA -= winsA
                        for j in stride(from: winsA - 1, through: 0, by: -1) { a[dest + 1 + j] = a[cursorA + 1 + j] }
                        lengthA -= winsA
                        if lengthA == 0 { break merge }
                    }
                    a[dest] = temp[cursorTemp]
                    dest -= 1
                    cursorTemp -= 1
                    lengthB -= 1
                    if lengthB == 1 {
                        copyA = true
                        break merge
                    }
                    k = V8Sort.gallopLeft(temp, a[cursorA], 0, lengthB, lengthB - 1, compare)
                    winsB = lengthB - k
                    if winsB > 0 {
                        dest -= winsB
                        cursorTemp -= winsB
                        for j in 0..<winsB { a[dest + 1 + j] = temp[cursorTemp + 1 + j] }
                        lengthB -= winsB
                        if lengthB == 1 {
                            copyA = true
                            break merge
                        }
                        if lengthB == 0 { break merge }
                    }
                    a[dest] = a[cursorA]
                    dest -= 1
                    cursorA -= 1
                    lengthA -= 1
                    if lengthA == 0 { break merge }
                }
                minGallop += 1
            }
        }
        if copyA {
            dest -= lengthA
            cursorA -= lengthA
            for j in stride(from: lengthA - 1, through: 0, by: -1) { a[dest + 1 + j] = a[cursorA + 1 + j] }
            a[dest] = temp[cursorTemp]
        } else if lengthB > 0 {
            for j in 0..<lengthB { a[dest - (lengthB - 1) + j] = temp[j] }
        }
    }
}
