#!/usr/bin/env python3
"""Kinora's reference plug-in: the smallest complete generation engine for the Kinora plug-in protocol,
versions 1 and 2 (see ../README.md), using only Python's standard library and ffmpeg.

It makes real frames without a model, the same frames for the same seed:

- with a source picture (image-to-video), a seeded camera slide across the picture, which is first
  scaled to cover the frame `zoom` times over;
- with a source video (video-to-video), the same slide over the shot's range of the video;
- without a source (text-to-video), the same slide over the first reference picture of the cast the
  prompt names (protocol 2's `references`), so a character keeps its look from shot to shot; with no
  reference picture, diagonal bands in the prompt's two colours (from the prompt's SHA-256) drifting at
  a seeded angle and speed;
- with an end picture (protocol 2's `last_frame`), any of these dissolving into the end picture, so the
  last frame is the end picture.

Configure it with "protocol": 2 and "lastFrame": true to be given text-to-video shots and end pictures.

Frames are piped to ffmpeg (rawvideo rgb24 in, H.264 yuv420p out) at the requested path. It reports
progress after every frame and writes two preview PNGs (the first and the middle frame) with zlib.

Parameters (`kinora shot set DIR SHOT param.zoom=1.5`):
    zoom    how much larger than the frame the source is scaled before the slide, 1.0-3.0 (default 1.25)

Copy it to start a plug-in of your own: read the request, emit messages, write the video, emit a result.
"""

import hashlib
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib

PROTOCOLS = (1, 2)
PARAMETERS = {"zoom": (1.0, 3.0, 1.25)}


class PluginError(Exception):
    """A failure to report to Kinora as an `error` message; `status` is the exit status after it."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def emit(kind, **fields):
    """Writes one protocol message as one line and flushes it at once (Kinora reads line by line)."""
    sys.stdout.write(json.dumps({"type": kind, **fields}) + "\n")
    sys.stdout.flush()


def read_request():
    """The request Kinora wrote on stdin, checked for the protocol version and the fields used here."""
    try:
        request = json.loads(sys.stdin.read())
    except ValueError as error:
        raise PluginError(f"the request is not JSON: {error}", status=2)
    if not isinstance(request, dict) or request.get("protocol") not in PROTOCOLS:
        raise PluginError("this plug-in speaks protocols 1 and 2; the request is for another", status=2)
    for field in ("mode", "prompt", "seed", "width", "height", "frames", "output", "preview_dir"):
        if field not in request:
            raise PluginError(f"the request has no {field}", status=2)
    return request


def parse_parameters(given):
    """The plug-in's parameters as numbers, refusing unknown names and values out of range."""
    values = {name: default for name, (_, _, default) in PARAMETERS.items()}
    for name, text in (given or {}).items():
        if name not in PARAMETERS:
            known = ", ".join(sorted(PARAMETERS))
            raise PluginError(f"unknown parameter {name}; this plug-in reads: {known}")
        low, high, _ = PARAMETERS[name]
        try:
            value = float(text)
        except ValueError:
            raise PluginError(f"parameter {name} must be a number, not {text!r}")
        if not low <= value <= high:
            raise PluginError(f"parameter {name} must be between {low} and {high}, not {text}")
        values[name] = value
    return values


def ffmpeg_program():
    """ffmpeg as Kinora finds it: KINORA_FFMPEG, else ffmpeg on PATH."""
    return os.environ.get("KINORA_FFMPEG") or "ffmpeg"


def last_line(log_file):
    """The last non-empty line ffmpeg wrote to its log, for an error message."""
    log_file.seek(0)
    lines = [line.strip() for line in log_file.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def smoothstep(t):
    """Eases a 0-1 fraction in and out, so the camera starts and stops gently."""
    return t * t * (3 - 2 * t)


class SourceSlide:
    """Frames from a source picture or video: a seeded slide of a frame-sized window across it."""

    def __init__(self, request, rng, zoom):
        self.width, self.height = request["width"], request["height"]
        self.canvas_width = max(self.width, 2 * round(self.width * zoom / 2))
        self.canvas_height = max(self.height, 2 * round(self.height * zoom / 2))
        travel_x, travel_y = self.canvas_width - self.width, self.canvas_height - self.height
        self.start = (rng.randint(0, travel_x), rng.randint(0, travel_y))
        self.end = (rng.randint(0, travel_x), rng.randint(0, travel_y))
        self.frame_count = request["frames"]
        self.log = tempfile.TemporaryFile()
        self.decoder = subprocess.Popen(
            self.decode_command(request), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.log
        )
        self.canvas = None

    def decode_command(self, request):
        """ffmpeg decoding the source to raw RGB canvases, scaled to cover and cropped to the canvas size."""
        size = f"{self.canvas_width}:{self.canvas_height}"
        fit = f"scale={size}:force_original_aspect_ratio=increase:flags=bicubic,crop={size}"
        command = [ffmpeg_program(), "-nostdin", "-v", "error"]
        if request["mode"] == "video-to-video":
            if request.get("source_in") is not None:
                command += ["-ss", str(request["source_in"])]
            if request.get("source_out") is not None:
                command += ["-to", str(request["source_out"])]
            rate = request.get("fps_fraction") or str(request.get("fps", 24))
            command += ["-i", request["source"], "-vf", f"fps={rate},{fit}", "-frames:v", str(self.frame_count)]
        else:
            command += ["-i", request["source"], "-vf", fit, "-frames:v", "1"]
        return command + ["-an", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]

    def frame(self, index):
        """Frame `index`: the next source canvas (the last one held when the source runs out), cropped."""
        canvas_bytes = self.canvas_width * self.canvas_height * 3
        data = self.decoder.stdout.read(canvas_bytes)
        if len(data) == canvas_bytes:
            self.canvas = data
        elif self.canvas is None:
            self.decoder.wait()
            raise PluginError(f"the source could not be decoded: {last_line(self.log)}")
        t = smoothstep(index / max(1, self.frame_count - 1))
        x = round(self.start[0] + (self.end[0] - self.start[0]) * t)
        y = round(self.start[1] + (self.end[1] - self.start[1]) * t)
        stride, row = self.canvas_width * 3, self.width * 3
        return b"".join(
            self.canvas[(y + line) * stride + x * 3 : (y + line) * stride + x * 3 + row] for line in range(self.height)
        )

    def close(self):
        """Stops the decoder, which may still have frames we did not need."""
        self.decoder.kill()
        self.decoder.wait()
        self.log.close()


class DriftingBands:
    """Frames without a source: diagonal bands in the prompt's colours, drifting at a seeded angle and speed."""

    def __init__(self, request, rng):
        self.width, self.height = request["width"], request["height"]
        digest = hashlib.sha256(request["prompt"].encode("utf-8")).digest()
        first, second = digest[0:3], digest[3:6]
        self.period = max(8, rng.randint(self.width // 4 + 8, self.width + 8))
        self.slope = rng.choice([-2, -1, 1, 2])
        self.speed = rng.randint(1, max(2, self.period // 24))
        self.phase = rng.randrange(self.period)
        ramp = bytearray()
        for position in range(self.period):
            # A triangle wave between the two colours, so the bands have no hard seam.
            mix = 1 - abs(2 * position / self.period - 1)
            ramp += bytes(round(a + (b - a) * mix) for a, b in zip(first, second))
        repeats = (self.width // self.period) + 2
        self.strip = bytes(ramp) * repeats

    def frame(self, index):
        """Frame `index`: each row is the colour strip shifted by the row's offset along the bands."""
        rows = []
        for line in range(self.height):
            offset = (self.phase + line * self.slope + index * self.speed) % self.period
            rows.append(self.strip[offset * 3 : (offset + self.width) * 3])
        return b"".join(rows)

    def close(self):
        """Nothing to stop."""


class EndPicture:
    """Protocol 2's `last_frame`: the frames of another source dissolving into the end picture."""

    def __init__(self, request, inner):
        self.inner = inner
        self.frame_count = request["frames"]
        size = f"{request['width']}:{request['height']}"
        fit = f"scale={size}:force_original_aspect_ratio=increase:flags=bicubic,crop={size}"
        command = [ffmpeg_program(), "-nostdin", "-v", "error", "-i", request["last_frame"], "-vf", fit,
                   "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]  # fmt: skip
        decoded = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)
        if decoded.returncode != 0 or len(decoded.stdout) != request["width"] * request["height"] * 3:
            message = decoded.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PluginError(f"the end picture could not be decoded: {message[-1] if message else 'no message'}")
        self.picture = decoded.stdout

    def frame(self, index):
        """Frame `index`: the other source's frame blended towards the end picture, all of it at the end."""
        picture = self.inner.frame(index)
        t = smoothstep(index / max(1, self.frame_count - 1))
        if t <= 0:
            return picture
        if t >= 1:
            return self.picture
        keep = 1 - t
        return bytes(round(a * keep + b * t) for a, b in zip(picture, self.picture))

    def close(self):
        """Stops the other source."""
        self.inner.close()


def write_png(path, width, height, rgb):
    """Writes an RGB picture as a PNG (zlib from the standard library), renamed into place when complete."""

    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    stride = width * 3
    scanlines = b"".join(b"\x00" + rgb[line * stride : (line + 1) * stride] for line in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(scanlines, 6)) + chunk(b"IEND", b"")
    partial = path + ".partial"
    with open(partial, "wb") as file:
        file.write(png)
    os.replace(partial, path)


def encode_command(request):
    """ffmpeg reading raw RGB frames on stdin and writing the H.264 MP4 Kinora asked for."""
    size = f"{request['width']}x{request['height']}"
    rate = request.get("fps_fraction") or str(request.get("fps", 24))
    return [
        ffmpeg_program(), "-nostdin", "-v", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-r", rate, "-i", "-",
        "-frames:v", str(request["frames"]), "-an",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p",
        "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
        "-f", "mp4", request["output"],
    ]  # fmt: skip


def make_take(request):
    """Renders every frame into ffmpeg, reporting progress and previews; returns the frame count."""
    parameters = parse_parameters(request.get("parameters"))
    if request["mode"] == "video-to-video" and not request.get("source"):
        raise PluginError("video-to-video needs a source video")
    rng = random.Random(request["seed"])
    frames = request["frames"]
    if request.get("first_frame") and request["mode"] == "image-to-video":
        request = dict(request, source=request["first_frame"])
    if request["mode"] == "text-to-video":
        pictures = [image for reference in request.get("references") or [] for image in reference.get("images") or []]
        if pictures:
            request = dict(request, source=pictures[0])
    source = SourceSlide(request, rng, parameters["zoom"]) if request.get("source") else DriftingBands(request, rng)
    if request.get("last_frame"):
        source = EndPicture(request, source)
    previews = {0: "preview-first.png", frames // 2: "preview-middle.png"}
    with tempfile.TemporaryFile() as log:
        encoder = subprocess.Popen(encode_command(request), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log)
        try:
            for index in range(frames):
                picture = source.frame(index)
                try:
                    encoder.stdin.write(picture)
                except BrokenPipeError:
                    break  # ffmpeg stopped early: its exit status and message say why, below
                if index in previews:
                    path = os.path.join(request["preview_dir"], previews[index])
                    write_png(path, request["width"], request["height"], picture)
                    emit("preview", path=path)
                emit("progress", frame=index + 1, total=frames)
        finally:
            source.close()
            try:
                encoder.stdin.close()
            except BrokenPipeError:
                pass
        if encoder.wait() != 0:
            raise PluginError(f"ffmpeg could not write the video: {last_line(log)}")
    return frames


def main():
    try:
        request = read_request()
        emit("log", message=f"reference plug-in: {request['frames']} frames at {request['width']}x{request['height']}")
        frames = make_take(request)
        emit("result", output=request["output"], frames=frames)
        return 0
    except BrokenPipeError:
        return 1  # Kinora stopped listening: there is nobody left to tell
    except PluginError as error:
        emit("error", message=str(error))
        return error.status
    except Exception as error:  # anything unexpected still ends with a protocol message
        emit("error", message=f"{type(error).__name__}: {error}")
        raise


if __name__ == "__main__":
    sys.exit(main())
