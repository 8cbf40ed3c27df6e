import Foundation

/// Encoded pictures kept by key (frame, size, mode, tile), so a frame shown again (a looping
/// animatic, a thumbnail scrolled back into view) is never encoded twice. Least recently used
/// entries go first once `capacity` bytes are held.
public final class PictureCache<Value>: @unchecked Sendable {
    // Guarded by `lock`: the studio encodes thumbnails off the UI thread.
    private let lock = NSLock()
    private var entries: [String: (value: Value, cost: Int, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    private var held = 0
    private let cost: (Value) -> Int

    /// Most bytes held at once.
    public let capacity: Int

    /// Hits and misses so far, for the benchmark and tests.
    public private(set) var hits = 0
    /// Lookups that had to encode.
    public private(set) var misses = 0

    /// A cache of at most `capacity` bytes, each value costing `cost(value)`.
    public init(capacity: Int, cost: @escaping (Value) -> Int) {
        self.capacity = capacity
        self.cost = cost
    }

    /// The value for `key`, made with `make` only when it is not held.
    public func value(for key: String, make: () -> Value) -> Value {
        if let found = lookup(key) { return found }
        let made = make()
        store(made, for: key)
        return made
    }

    /// The held value for `key`, if any, counted as a hit or a miss.
    public func lookup(_ key: String) -> Value? {
        lock.withLock {
            clock += 1
            guard var entry = entries[key] else {
                misses += 1
                return nil
            }
            hits += 1
            entry.used = clock
            entries[key] = entry
            return entry.value
        }
    }

    /// Holds `value` under `key`, dropping the least recently used entries to stay within capacity.
    public func store(_ value: Value, for key: String) {
        let size = cost(value)
        guard size <= capacity else { return }
        lock.withLock {
            clock += 1
            if let old = entries.updateValue((value, size, clock), forKey: key) { held -= old.cost }
            held += size
            while held > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used }) {
                held -= oldest.value.cost
                entries[oldest.key] = nil
            }
        }
    }

    /// Bytes held now.
    public var bytesHeld: Int { lock.withLock { held } }
}

extension PictureCache where Value == [UInt8] {
    /// A cache of terminal bytes, each costing its length.
    public convenience init(capacity: Int) {
        self.init(capacity: capacity) { $0.count }
    }
}
