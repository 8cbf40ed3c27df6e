import KinoraCore
import TermGrid

/// The studio's state (placeholder until it lands).
public struct Studio {}
