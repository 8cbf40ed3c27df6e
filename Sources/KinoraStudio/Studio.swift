import KinoraCore
import TermGrid

/// The whole studio as a value: the storyboard, what is selected and focused, any open dialog, the
/// jobs, the pictures loaded so far and the undo history. Only ``update(_:)`` changes it; views read it.
public struct Studio: Sendable {
    /// The storyboard as the person sees it (and as last asked to be saved).
    public internal(set) var project: Project
    /// The project folder's name, for the title bar.
    public let folderName: String
    /// The selected shot's index (0 when there are none).
    public internal(set) var selection = 0
    /// The first shot card on screen.
    public internal(set) var scroll = 0
    /// The pane keys go to.
    public internal(set) var focus: Pane = .shots
    /// What the screen is doing besides showing panes.
    public internal(set) var mode: Mode = .normal
    /// The selected row of the inspector.
    public internal(set) var field: InspectorField = .prompt
    /// The take shown in the preview, per shot (the chosen one when absent).
    public internal(set) var shownTake: [ShotID: TakeID] = [:]
    /// The preview's playback position and comparison.
    public internal(set) var preview = PreviewState()
    /// The animatic, while it plays.
    public internal(set) var animatic: AnimaticState?
    /// Whether the dialogue shows as a subtitle line under the picture while something plays.
    public internal(set) var subtitlesOn = true
    /// Each shot's subtitles as the app last timed them.
    public internal(set) var subtitles: [ShotID: ShotSubtitles] = [:]
    /// What sound the app was last asked to play, and where it should be now.
    var soundCursor: SoundCursor?
    /// Generation and export jobs in the job panel's order (see ``JobPanel``).
    public internal(set) var jobs: [JobRow] = []
    /// When each job was first heard of (a counter), for the job panel's order.
    var jobArrival: [JobIdentity: Int] = [:]
    /// How many jobs have been heard of.
    var jobsSeen = 0
    /// The selected job row.
    public internal(set) var jobSelection = 0
    /// The message in the status line.
    public internal(set) var status: StatusMessage?
    /// Frames loaded for pictures, by what was asked.
    public internal(set) var pictures: [PictureKey: FrameStrip] = [:]
    /// Pictures asked for and not yet loaded (so each is asked for once).
    public internal(set) var picturesPending: Set<PictureKey> = []
    /// Files that could not be read as pictures (a vanished take), so they are not asked for again.
    public internal(set) var picturesMissing: Set<String> = []
    /// Screen size in cells.
    public internal(set) var size: ScreenSize
    /// Key bindings.
    public let keymap: Keymap
    /// Colours.
    public let theme: Theme
    /// Whether the preview pane shows pixel pictures (sixel/kitty) instead of cell pictures.
    public let pixelPictures: Bool
    /// The export dialog as last used, so it opens with the same choices.
    var lastExport: ExportDialog?
    /// The backends the project and the user define, for the inspector's choices.
    public internal(set) var backendNames: [String] = []
    /// The remake of stale shots under way (`R`), if any.
    public internal(set) var staleRemake: StaleRemake?
    /// Storyboards before each edit, newest last.
    var undoStack: [Snapshot] = []
    /// Storyboards undone, newest last.
    var redoStack: [Snapshot] = []
    /// Seeds drawn by rerolls: deterministic for tests, different per session.
    var random: SplitMix

    /// The most edits kept for undo.
    static let undoLimit = 500

    /// A studio on `project`.
    public init(
        project: Project, folderName: String, size: ScreenSize, keymap: Keymap = .standard,
        theme: Theme = .fallback, pixelPictures: Bool = false, randomSeed: UInt64 = 0x4B49_4E4F
    ) {
        self.project = project
        self.folderName = folderName
        self.size = size
        self.keymap = keymap
        self.theme = theme
        self.pixelPictures = pixelPictures
        self.random = SplitMix(seed: randomSeed)
        if !project.unknownKeys.isEmpty {
            status = StatusMessage(
                text: project.unknownKeys.notice(file: ProjectLayout.storyboardFile), kind: .info)
        }
    }

    /// The selected shot, when there is one.
    public var selectedShot: Shot? {
        project.shots.indices.contains(selection) ? project.shots[selection] : nil
    }

    /// The take the preview shows for `shot`: the one stepped to, else the chosen one, else the newest.
    public func displayedTake(of shot: Shot) -> Take? {
        if let id = shownTake[shot.id], let take = shot.takes.first(where: { $0.id == id }) { return take }
        return shot.chosen ?? shot.takes.last
    }
}

/// The screen's size in cells.
public struct ScreenSize: Hashable, Sendable {
    /// Rows.
    public var rows: Int
    /// Columns.
    public var columns: Int
    /// A size.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
    /// The smallest screen the studio lays out.
    public static let minimum = ScreenSize(rows: 24, columns: 80)
    /// Whether the studio fits.
    public var isLargeEnough: Bool { rows >= Self.minimum.rows && columns >= Self.minimum.columns }
}

/// The panes that take keys, in Tab order.
public enum Pane: String, CaseIterable, Sendable, Hashable {
    /// The storyboard, the fields, the picture and the job panel.
    case shots, inspector, preview, jobs

    /// The keymap context of the pane.
    var context: KeyContext {
        switch self {
        case .shots: .shots
        case .inspector: .inspector
        case .preview: .preview
        case .jobs: .jobs
        }
    }
}

/// What the studio shows on top of its panes.
public enum Mode: Sendable, Equatable {
    /// The panes, taking commands.
    case normal
    /// A field of the selected shot being typed.
    case editing(FieldEditor)
    /// The key bindings, scrolled.
    case help(scroll: Int)
    /// The command palette.
    case palette(Palette)
    /// Choosing a file to import.
    case picker(FilePicker)
    /// Choosing what to export.
    case export(ExportDialog)
    /// Asking before something that cannot be undone (quitting with jobs running).
    case confirmQuit
    /// Moving the framing rectangle over the shot's source picture.
    case framing(FramingEdit)
    /// The cast overlay: its entries, and the form adding or editing one.
    case cast(CastOverlay)
    /// A review note being typed for the shown take.
    case note(NoteEditor)
}

/// One line of the status bar.
public struct StatusMessage: Sendable, Equatable {
    /// How it reads.
    public enum Kind: Sendable, Equatable { case info, warning, error }
    /// The words.
    public var text: String
    /// Info, a warning, or an error.
    public var kind: Kind
}

/// A state of the undo history: the storyboard and where the person was.
struct Snapshot: Sendable, Equatable {
    /// The storyboard as it was.
    var project: Project
    /// The shot selected then.
    var selection: Int
}

/// A small deterministic random generator (SplitMix64) for seeds drawn by rerolls.
struct SplitMix: Sendable, Equatable {
    /// Moved on by a fixed odd constant at every draw.
    var state: UInt64
    /// A generator starting from `seed`.
    init(seed: UInt64) { state = seed }
    /// The next seed below 2³² (easy to read out, as ``Seed/random()`` draws).
    mutating func nextSeed() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return (value ^ (value >> 31)) & 0xFFFF_FFFF
    }
}
