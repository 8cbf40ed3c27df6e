import KinoraCore
import TermGrid

/// Which pictures the screen needs, and keeping the loaded ones in bounds.
extension Studio {
    /// The most picture strips kept; older ones not on screen are dropped (and asked for again if needed).
    static let pictureLimit = 240

    /// The file a shot's pictures come from: the take (done) or else an image source.
    func picturePath(of shot: Shot, take: Take?) -> String? {
        if let take, take.status == .done, let output = take.output { return output }
        if take == nil || take?.status != .done, let source = shot.source, source.kind == .image {
            return source.asset
        }
        return nil
    }

    /// The picture rectangle of the project's shape, as large as fits in `area` and centred in it
    /// (cells are about twice as tall as wide).
    func fitted(in area: Rect) -> Rect {
        guard area.width > 0, area.height > 0 else { return area }
        let aspect = Double(project.size.width) / Double(max(1, project.size.height))
        var height = area.height
        var width = Int((Double(height) * 2 * aspect).rounded())
        if width > area.width {
            width = area.width
            height = max(1, Int((Double(width) / (2 * aspect)).rounded()))
        }
        return Rect(
            row: area.row + (area.height - height) / 2, column: area.column + (area.width - width) / 2,
            width: width, height: height)
    }

    /// Every picture the screen shows now, with where it goes.
    func picturesOnScreen() -> [(key: PictureKey, rect: Rect)] {
        guard size.isLargeEnough else { return [] }
        let layout = Layout(size)
        var wanted: [(PictureKey, Rect)] = []
        let body = Layout.body(of: layout.shots)
        for offset in 0..<layout.visibleCards {
            let index = scroll + offset
            guard project.shots.indices.contains(index) else { break }
            let shot = project.shots[index]
            guard
                let path = picturePath(
                    of: shot, take: shot.chosen ?? shot.takes.last(where: { $0.status == .done }))
            else {
                continue
            }
            let rect = Rect(
                row: body.row + offset * layout.cardHeight, column: body.column + 1,
                width: layout.cardPictureWidth, height: layout.cardHeight)
            wanted.append(
                (PictureKey(path: path, columns: rect.width, rows: rect.height, allFrames: false), rect))
        }
        if case .cast(let overlay) = mode, let key = CastView.pictureKey(self, overlay) {
            wanted.append((key, CastView.frames(size).picture))
        }
        for (path, rect) in previewPictures(layout) {
            wanted.append(
                (PictureKey(path: path, columns: rect.width, rows: rect.height, allFrames: true), rect))
        }
        // The animatic's next shot is loaded ahead, so the cut does not wait for it.
        if let playing = animatic, let (index, _) = AnimaticClock(project: project).shot(at: playing.time),
            project.shots.indices.contains(index + 1)
        {
            let next = project.shots[index + 1]
            if let path = picturePath(of: next, take: next.chosen) {
                let rect = fitted(in: layout.previewPicture)
                wanted.append(
                    (PictureKey(path: path, columns: rect.width, rows: rect.height, allFrames: true), rect))
            }
        }
        return wanted
    }

    /// The files the preview shows and where: one picture, or A and B when comparing side by side.
    func previewPictures(_ layout: Layout) -> [(String, Rect)] {
        let area = layout.previewPicture
        if let playing = animatic {
            guard let (index, _) = AnimaticClock(project: project).shot(at: playing.time) else { return [] }
            let shot = project.shots[index]
            guard let path = picturePath(of: shot, take: shot.chosen) else { return [] }
            return [(path, fitted(in: area))]
        }
        guard let shot = selectedShot else { return [] }
        if case .framing = mode, let source = shot.source {
            // The whole source, letterboxed into the pane, with the rectangle drawn over it.
            return [(source.asset, area)]
        }
        let shown = displayedTake(of: shot)
        guard let path = picturePath(of: shot, take: shown) else { return [] }
        if let other = preview.compareWith, let take = shot.takes.first(where: { $0.id == other }),
            let otherPath = picturePath(of: shot, take: take)
        {
            if preview.compareMode == .sideBySide {
                let (left, rest) = area.splitLeft(area.width / 2)
                return [(path, fitted(in: left)), (otherPath, fitted(in: rest.splitLeft(1).rest))]
            }
            let rect = fitted(in: area)
            return [(path, rect), (otherPath, rect)]
        }
        return [(path, fitted(in: area))]
    }

    /// Asks for pictures on screen that are neither loaded, on their way, nor known to be unreadable.
    mutating func requestPictures() -> [StudioEffect] {
        var effects: [StudioEffect] = []
        for (key, _) in picturesOnScreen()
        where pictures[key] == nil && !picturesPending.contains(key) && !picturesMissing.contains(key.path) {
            picturesPending.insert(key)
            effects.append(.loadPicture(key))
        }
        return effects
    }

    /// Keeps the picture store bounded, dropping what is not on screen.
    mutating func evictPictures() {
        guard pictures.count > Studio.pictureLimit else { return }
        let onScreen = Set(picturesOnScreen().map(\.key))
        for key in pictures.keys where !onScreen.contains(key) {
            pictures[key] = nil
            if pictures.count <= Studio.pictureLimit / 2 { break }
        }
    }
}
