"""Reads a timeline file with OpenTimelineIO and prints what the Kinora tests compare, as JSON.

Usage: read_timeline.py ADAPTER FILE RATE
  ADAPTER  otio_json, cmx_3600 or fcp_xml (the OTIO adapter that reads FILE)
  RATE     the film's frame rate as a number (an EDL does not say its rate)

Every time is printed in frames at RATE (rounded; "exact" says whether they were whole frames).
Errors go to stderr with a non-zero exit status.
"""

import json
import sys

try:
    import opentimelineio as otio
except ImportError:
    sys.exit("OpenTimelineIO is not installed for " + sys.executable + ": run `make setup`.")


def frames(time, rate, inexact):
    """A RationalTime as a whole number of frames at rate, noting any that are not whole."""
    value = time.value_rescaled_to(rate)
    rounded = round(value)
    if abs(value - rounded) > 1e-6:
        inexact.append(value)
    return int(rounded)


def plain(value):
    """OTIO metadata as plain JSON values."""
    if hasattr(value, "items"):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (str, bytes)):
        return value
    if hasattr(value, "__iter__"):
        return [plain(item) for item in value]
    if isinstance(value, otio.core.SerializableObject):
        return json.loads(otio.adapters.write_to_string(value, "otio_json"))
    return value


def media(clip):
    reference = clip.media_reference
    out = {"schema": reference.schema_name()}
    if isinstance(reference, otio.schema.ExternalReference):
        out["target_url"] = reference.target_url
    if isinstance(reference, otio.schema.GeneratorReference):
        out["generator_kind"] = reference.generator_kind
    return out


def describe(item, rate, inexact):
    out = {"schema": item.schema_name(), "name": item.name, "metadata": plain(item.metadata)}
    if isinstance(item, otio.schema.Transition):
        out["transition_type"] = item.transition_type
        out["in_offset"] = frames(item.in_offset, rate, inexact)
        out["out_offset"] = frames(item.out_offset, rate, inexact)
        out["record_start"] = frames(item.range_in_parent().start_time, rate, inexact)
        return out
    source = item.trimmed_range()
    visible = item.visible_range()
    out["source_start"] = frames(source.start_time, rate, inexact)
    out["source_duration"] = frames(source.duration, rate, inexact)
    out["visible_start"] = frames(visible.start_time, rate, inexact)
    out["visible_duration"] = frames(visible.duration, rate, inexact)
    out["record_start"] = frames(item.range_in_parent().start_time, rate, inexact)
    if isinstance(item, otio.schema.Clip):
        out["media"] = media(item)
        out["markers"] = [{
            "name": marker.name,
            "color": marker.color,
            "comment": getattr(marker, "comment", ""),
            "start": frames(marker.marked_range.start_time, rate, inexact),
            "duration": frames(marker.marked_range.duration, rate, inexact),
        } for marker in item.markers]
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    adapter, path, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if adapter not in otio.adapters.available_adapter_names():
        sys.exit(f"OpenTimelineIO has no {adapter} adapter here: run `make setup` to install it.")
    options = {"rate": rate} if adapter == "cmx_3600" else {}
    result = otio.adapters.read_from_file(path, adapter_name=adapter, **options)
    timelines = result if isinstance(result, list) else [result]
    if isinstance(result, otio.schema.SerializableCollection):
        timelines = list(result.find_children(descended_from_type=otio.schema.Timeline))
    if len(timelines) != 1:
        sys.exit(f"expected one timeline, found {len(timelines)}")
    timeline = timelines[0]
    inexact = []
    tracks = []
    for track in timeline.tracks:
        tracks.append({
            "name": track.name,
            "kind": track.kind,
            "duration": frames(track.duration(), rate, inexact),
            "items": [describe(item, rate, inexact) for item in track],
        })
    print(json.dumps({
        "otio_version": otio.__version__,
        "name": timeline.name,
        "metadata": plain(timeline.metadata),
        "duration": frames(timeline.duration(), rate, inexact),
        "tracks": tracks,
        "exact": not inexact,
    }, ensure_ascii=True))


if __name__ == "__main__":
    main()
