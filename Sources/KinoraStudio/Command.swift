/// Everything a person can do in the studio, by name. Key bindings, the help screen and the command
/// palette all come from this list, so a command cannot exist without a description.
public enum Command: String, CaseIterable, Sendable, Hashable {
    case quit = "app.quit"
    case help = "app.help"
    case palette = "app.palette"
    case suspend = "app.suspend"
    case undo = "app.undo"
    case redo = "app.redo"
    case focusNext = "app.focus-next"
    case focusPrevious = "app.focus-previous"
    case cancel = "app.cancel"
    case redraw = "app.redraw"

    case shotNext = "shot.next"
    case shotPrevious = "shot.previous"
    case shotFirst = "shot.first"
    case shotLast = "shot.last"
    case shotPageDown = "shot.page-down"
    case shotPageUp = "shot.page-up"
    case shotAdd = "shot.add"
    case shotDuplicate = "shot.duplicate"
    case shotDelete = "shot.delete"
    case shotMoveUp = "shot.move-up"
    case shotMoveDown = "shot.move-down"

    case fieldNext = "field.next"
    case fieldPrevious = "field.previous"
    case fieldEdit = "field.edit"
    case fieldIncrease = "field.increase"
    case fieldDecrease = "field.decrease"

    case seedReroll = "seed.reroll"
    case seedLock = "seed.toggle-lock"
    case sourceImport = "source.import"
    case sourceClear = "source.clear"

    case takeGenerate = "take.generate"
    case takeVariations = "take.variations"
    case takeNext = "take.next"
    case takePrevious = "take.previous"
    case takeChoose = "take.choose"
    case compareToggle = "compare.toggle"
    case compareMode = "compare.mode"
    case wipeLeft = "compare.wipe-left"
    case wipeRight = "compare.wipe-right"

    case trimIn = "trim.in"
    case trimOut = "trim.out"
    case trimClear = "trim.clear"
    case transitionCycle = "transition.cycle"

    case previewPlay = "preview.play"
    case previewLoop = "preview.loop"
    case previewStepForward = "preview.step-forward"
    case previewStepBack = "preview.step-back"
    case previewScrubForward = "preview.scrub-forward"
    case previewScrubBack = "preview.scrub-back"
    case animaticPlay = "animatic.play"

    case jobNext = "job.next"
    case jobPrevious = "job.previous"
    case jobCancel = "job.cancel"
    case exportOpen = "export.open"

    /// What the command does, in the words the help screen and the palette show.
    public var summary: String {
        switch self {
        case .quit: "Quit the studio (everything is already saved)"
        case .help: "Show every key binding"
        case .palette: "Run any command by name"
        case .suspend: "Suspend to the shell (fg comes back)"
        case .undo: "Undo the last edit"
        case .redo: "Redo the last undone edit"
        case .focusNext: "Focus the next pane"
        case .focusPrevious: "Focus the previous pane"
        case .cancel: "Close the dialog or stop playback"
        case .redraw: "Repaint the whole screen"
        case .shotNext: "Select the next shot"
        case .shotPrevious: "Select the previous shot"
        case .shotFirst: "Select the first shot"
        case .shotLast: "Select the last shot"
        case .shotPageDown: "Select a page of shots further down"
        case .shotPageUp: "Select a page of shots further up"
        case .shotAdd: "Add a shot after the selected one"
        case .shotDuplicate: "Duplicate the selected shot (without its takes)"
        case .shotDelete: "Delete the selected shot (its take files stay on disk)"
        case .shotMoveUp: "Move the selected shot earlier"
        case .shotMoveDown: "Move the selected shot later"
        case .fieldNext: "Select the next field in the inspector"
        case .fieldPrevious: "Select the previous field in the inspector"
        case .fieldEdit: "Edit the selected field"
        case .fieldIncrease: "Next value of the selected field"
        case .fieldDecrease: "Previous value of the selected field"
        case .seedReroll: "Draw a new seed (refused when locked)"
        case .seedLock: "Lock or unlock the seed"
        case .sourceImport: "Import a picture or video as the shot's source"
        case .sourceClear: "Remove the shot's source (the shot becomes a slate)"
        case .takeGenerate: "Generate a take of the selected shot"
        case .takeVariations: "Generate four variations (seed, seed+1, ...)"
        case .takeNext: "Show the next take"
        case .takePrevious: "Show the previous take"
        case .takeChoose: "Choose the shown take for the film"
        case .compareToggle: "Compare the shown take with the chosen one (A/B)"
        case .compareMode: "Switch the comparison between side by side and wipe"
        case .wipeLeft: "Move the wipe left"
        case .wipeRight: "Move the wipe right"
        case .trimIn: "Trim the chosen take to start at the shown frame"
        case .trimOut: "Trim the chosen take to end at the shown frame"
        case .trimClear: "Play the whole chosen take again"
        case .transitionCycle: "Next transition into the following shot"
        case .previewPlay: "Play or pause the preview"
        case .previewLoop: "Loop the preview on or off"
        case .previewStepForward: "Step one frame forward"
        case .previewStepBack: "Step one frame back"
        case .previewScrubForward: "Jump one second forward"
        case .previewScrubBack: "Jump one second back"
        case .animaticPlay: "Play the whole storyboard as an animatic"
        case .jobNext: "Select the next job"
        case .jobPrevious: "Select the previous job"
        case .jobCancel: "Cancel the selected job"
        case .exportOpen: "Export the film, a timeline or documents"
        }
    }

    /// Whether the command changes the storyboard (and so can be undone).
    var isEdit: Bool {
        switch self {
        case .shotAdd, .shotDuplicate, .shotDelete, .shotMoveUp, .shotMoveDown, .fieldIncrease,
            .fieldDecrease, .seedReroll, .seedLock, .sourceClear, .takeChoose, .trimIn, .trimOut, .trimClear,
            .transitionCycle:
            true
        default: false
        }
    }
}
