import Foundation
import KinoraCore

/// A cast entry a job's prompt names, with its reference pictures where the engine can open them.
public struct JobReference: Sendable {
    /// The entry as the request recorded it.
    public var reference: TakeReference
    /// Its pictures as absolute paths, in the cast's order.
    public var imageURLs: [URL]

    /// A reference with its resolved pictures.
    public init(reference: TakeReference, imageURLs: [URL]) {
        self.reference = reference
        self.imageURLs = imageURLs
    }
}
