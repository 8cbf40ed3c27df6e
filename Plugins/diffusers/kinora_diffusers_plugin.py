#!/usr/bin/env python3
"""Kinora plug-in: text-to-video, image-to-video and video-to-video with Hugging Face diffusers pipelines.

Speaks the Kinora plug-in protocol, versions 1 and 2 (see ../README.md): one JSON request on stdin, JSON lines
on stdout. It loads a pipeline from a LOCAL folder of diffusers weights (it never downloads anything) and
picks the pipeline class from the folder's model_index.json, by family and the shot's mode:

    family          text-to-video (protocol 2)  image-to-video                  video-to-video
    Wan             WanPipeline                 WanImageToVideoPipeline         WanVideoToVideoPipeline
    LTX-Video       LTXPipeline                 LTXImageToVideoPipeline         LTXConditionPipeline
    CogVideoX       CogVideoXPipeline           CogVideoXImageToVideoPipeline   CogVideoXVideoToVideoPipeline
    Stable Video    (none)                      StableVideoDiffusionPipeline    (none)

With protocol 2, an image-to-video request's `last_frame` (the shot's end picture) is passed to Wan's
image-to-video pipeline as `last_image` (first-last frame, Wan 2.1 FLF2V weights); other families refuse
an end picture with a message saying so.

The model runs at a size and frame count it supports (the take's size scaled to the family's usual
resolution and rounded to what the model needs; its frame count rounded to the model's frame rule); the
result is then resized to the take's size and retimed to its frame count, and encoded with ffmpeg
(H.264, yuv420p) at the requested path. The request's seed drives a CPU torch.Generator, so a seed gives
the same take on the same machine, device and library versions. Denoising steps are reported as progress
(callback_on_step_end), then a preview of the middle frame, then the result.

Parameters (`kinora shot set DIR SHOT param.NAME=VALUE`), all optional:
    model               the weights folder (else $KINORA_DIFFUSERS_MODEL)
    pipeline            a diffusers pipeline class name, overriding the choice above
    steps               denoising steps (default 30; 25 for Stable Video Diffusion)
    guidance            classifier-free guidance scale (default: the family's usual value)
    device              cuda, mps or cpu (default: cuda when available, else mps, else cpu)
    dtype               bfloat16, float16 or float32 (default bfloat16 on cuda, float32 elsewhere)
    offload             none, model or sequential: CPU offloading for small GPUs (default none)
    model_width, model_height, model_frames
                        the size and length the model itself runs at (defaults as described above)
    motion_bucket_id, noise_aug_strength, decode_chunk_size
                        Stable Video Diffusion's own knobs

Exit status: 0 after a result, 1 after an error message (bad parameters, missing weights, a failed
run), 2 when the request itself cannot be read. Kinora goes by the messages; the status is for people
running the plug-in by hand.
"""

import importlib.util
import inspect
import json
import os
import subprocess
import sys
import tempfile

PROTOCOLS = (1, 2)

# family: (pipeline class per mode, size multiple, frame rule k*N+1, usual long side, usual frame cap,
#          usual guidance)
FAMILIES = {
    "wan": {
        "classes": {"text-to-video": "WanPipeline", "image-to-video": "WanImageToVideoPipeline",
                    "video-to-video": "WanVideoToVideoPipeline"},
        "multiple": 16, "frame_step": 4, "long_side": 832, "frame_cap": 81, "guidance": 5.0,
    },
    "ltx": {
        "classes": {"text-to-video": "LTXPipeline", "image-to-video": "LTXImageToVideoPipeline",
                    "video-to-video": "LTXConditionPipeline"},
        "multiple": 32, "frame_step": 8, "long_side": 768, "frame_cap": 161, "guidance": 3.0,
    },
    "cogvideox": {
        "classes": {
            "text-to-video": "CogVideoXPipeline",
            "image-to-video": "CogVideoXImageToVideoPipeline",
            "video-to-video": "CogVideoXVideoToVideoPipeline",
        },
        "multiple": 16, "frame_step": 4, "long_side": 720, "frame_cap": 49, "guidance": 6.0,
    },
    "svd": {
        "classes": {"image-to-video": "StableVideoDiffusionPipeline"},
        "multiple": 64, "frame_step": 1, "long_side": 1024, "frame_cap": 25, "guidance": 3.0,
    },
}  # fmt: skip

# Which family a model_index.json `_class_name` (or a `pipeline` parameter) belongs to, by prefix.
FAMILY_PREFIXES = [("Wan", "wan"), ("LTX", "ltx"), ("CogVideoX", "cogvideox"), ("StableVideoDiffusion", "svd")]

PARAMETERS = {
    "model": str, "pipeline": str, "steps": int, "guidance": float, "device": str, "dtype": str,
    "offload": str, "model_width": int, "model_height": int, "model_frames": int,
    "motion_bucket_id": int, "noise_aug_strength": float, "decode_chunk_size": int,
}  # fmt: skip
CHOICES = {
    "device": {"cuda", "mps", "cpu"},
    "dtype": {"bfloat16", "float16", "float32"},
    "offload": {"none", "model", "sequential"},
}


class PluginError(Exception):
    """A failure to report to Kinora as an `error` message; `status` is the exit status after it."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def emit(kind, **fields):
    """Writes one protocol message as one line and flushes it (Kinora reads line by line)."""
    sys.stdout.write(json.dumps({"type": kind, **fields}) + "\n")
    sys.stdout.flush()


def read_request(stream):
    """The request from `stream`, checked for the protocol version and the fields this plug-in uses."""
    try:
        request = json.loads(stream.read())
    except ValueError as error:
        raise PluginError(f"the request is not JSON: {error}", status=2)
    if not isinstance(request, dict) or request.get("protocol") not in PROTOCOLS:
        raise PluginError("this plug-in speaks protocols 1 and 2; the request is for another", status=2)
    required = ("mode", "prompt", "seed", "width", "height", "frames", "output", "preview_dir")
    missing = [field for field in required if field not in request]
    if missing:
        raise PluginError(f"the request has no {', '.join(missing)}", status=2)
    modes = ("text-to-video", "image-to-video", "video-to-video") if request["protocol"] >= 2 else (
        "image-to-video", "video-to-video")
    if request["mode"] not in modes:
        raise PluginError(f"this plug-in makes {', '.join(modes)} takes, not {request['mode']}")
    return request


def parse_parameters(given):
    """The shot's parameters converted to their types; unknown names and bad values are refused."""
    values = {}
    for name, text in (given or {}).items():
        kind = PARAMETERS.get(name)
        if kind is None:
            raise PluginError(f"unknown parameter {name}; this plug-in reads: {', '.join(sorted(PARAMETERS))}")
        try:
            value = kind(text)
        except ValueError:
            raise PluginError(f"parameter {name} must be {'a whole number' if kind is int else 'a number'}, not {text!r}")
        if name in CHOICES and value not in CHOICES[name]:
            raise PluginError(f"parameter {name} must be one of {', '.join(sorted(CHOICES[name]))}, not {text!r}")
        lowest = 0 if name in ("guidance", "noise_aug_strength", "motion_bucket_id") else 1
        if kind is not str and value < lowest:
            raise PluginError(f"parameter {name} must be at least {lowest}, not {text}")
        values[name] = value
    return values


def model_folder(parameters):
    """The local weights folder: param.model, else $KINORA_DIFFUSERS_MODEL; it must hold model_index.json."""
    folder = parameters.get("model") or os.environ.get("KINORA_DIFFUSERS_MODEL")
    if not folder:
        raise PluginError("no model folder: set param.model=/path/to/weights or KINORA_DIFFUSERS_MODEL")
    folder = os.path.abspath(os.path.expanduser(folder))
    if not os.path.isfile(os.path.join(folder, "model_index.json")):
        raise PluginError(f"{folder} is not a diffusers model folder (it has no model_index.json)")
    return folder


def family_of(class_name):
    """The family a pipeline class name belongs to, or None."""
    for prefix, family in FAMILY_PREFIXES:
        if class_name.startswith(prefix):
            return family
    return None


def choose_pipeline(folder, mode, override=None):
    """(family, pipeline class name) for the folder's model in `mode`, or an error saying why not."""
    with open(os.path.join(folder, "model_index.json"), encoding="utf-8") as file:
        saved_class = json.load(file).get("_class_name", "")
    family = family_of(override or saved_class)
    if family is None:
        known = ", ".join(prefix for prefix, _ in FAMILY_PREFIXES)
        raise PluginError(f"{override or saved_class or 'an unnamed pipeline'} is not a family this plug-in runs ({known})")
    if override:
        return family, override
    class_name = FAMILIES[family]["classes"].get(mode)
    if class_name is None:
        raise PluginError(f"{saved_class} cannot make {mode} takes")
    return family, class_name


def round_to(value, multiple):
    """`value` rounded to the nearest positive multiple of `multiple`."""
    return max(multiple, int(round(value / multiple)) * multiple)


def model_geometry(request, family, parameters):
    """(width, height, frames) the model runs at: the take's shape scaled to the family's usual long side,
    rounded to its size multiple, and a frame count that follows its frame rule."""
    rules = FAMILIES[family]
    scale = min(1.0, rules["long_side"] / max(request["width"], request["height"]))
    width = parameters.get("model_width") or round_to(request["width"] * scale, rules["multiple"])
    height = parameters.get("model_height") or round_to(request["height"] * scale, rules["multiple"])
    step = rules["frame_step"]
    wanted = parameters.get("model_frames") or min(request["frames"], rules["frame_cap"])
    frames = max(1, (wanted - 1 + step - 1) // step) * step + 1 if step > 1 else max(1, wanted)
    return width, height, frames


def ffmpeg_program():
    """ffmpeg as Kinora finds it: KINORA_FFMPEG, else ffmpeg on PATH."""
    return os.environ.get("KINORA_FFMPEG") or "ffmpeg"


def run_ffmpeg(arguments, stdin=None):
    """Runs ffmpeg and returns its stdout; an error names ffmpeg's last message."""
    command = [ffmpeg_program(), "-nostdin", "-v", "error"] + arguments
    done = subprocess.run(command, input=stdin, capture_output=True)
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        raise PluginError(f"ffmpeg failed: {lines[-1]}")
    return done.stdout


def source_frames(request, width, height, count):
    """The shot's source as `count` PIL pictures of width x height (scaled to cover, centred): the first
    frame for image-to-video; frames spread evenly over the in/out range for video-to-video."""
    from PIL import Image

    source = request["source"]
    fit = f"scale={width}:{height}:force_original_aspect_ratio=increase:flags=bicubic,crop={width}:{height}"
    arguments = []
    if request["mode"] == "video-to-video":
        if request.get("source_in") is not None:
            arguments += ["-ss", str(request["source_in"])]
        if request.get("source_out") is not None:
            arguments += ["-to", str(request["source_out"])]
        start, end = request.get("source_in"), request.get("source_out")
        span = (end - start) if start is not None and end is not None and end > start else request.get("duration") or 1
        arguments += ["-i", source, "-vf", f"fps={count / span:.6f},{fit}", "-frames:v", str(count)]
    else:
        arguments += ["-i", source, "-vf", fit, "-frames:v", "1"]
    raw = run_ffmpeg(arguments + ["-an", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
    size = width * height * 3
    pictures = [Image.frombytes("RGB", (width, height), raw[at : at + size]) for at in range(0, len(raw) - size + 1, size)]
    if not pictures:
        raise PluginError(f"the source {source} gave no frames")
    while len(pictures) < count:  # a short source holds its last frame
        pictures.append(pictures[-1])
    return pictures


def load_pipeline(folder, class_name, parameters, torch, diffusers):
    """The pipeline from the local folder (local_files_only: never a download), on its device."""
    pipeline_class = getattr(diffusers, class_name, None)
    if pipeline_class is None:
        raise PluginError(f"diffusers {diffusers.__version__} has no {class_name}; upgrade diffusers")
    device = parameters.get("device") or (
        "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    )
    dtype_name = parameters.get("dtype") or ("bfloat16" if device == "cuda" else "float32")
    try:
        pipe = pipeline_class.from_pretrained(folder, torch_dtype=getattr(torch, dtype_name), local_files_only=True)
    except Exception as error:
        raise PluginError(f"{class_name} could not be loaded from {folder}: {error}")
    offload = parameters.get("offload", "none")
    if offload == "model":
        pipe.enable_model_cpu_offload(device=device)
    elif offload == "sequential":
        pipe.enable_sequential_cpu_offload(device=device)
    else:
        pipe.to(device)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def pipeline_arguments(pipe, family, request, parameters, inputs, geometry, generator, on_step):
    """The keyword arguments for this pipeline's __call__, keeping only those its signature accepts."""
    width, height, frames = geometry
    fps = float(request.get("fps") or 24)
    guidance = parameters.get("guidance", FAMILIES[family]["guidance"])
    steps = parameters.get("steps", 25 if family == "svd" else 30)
    strength = float(request.get("strength", 1.0))
    arguments = {
        "prompt": request["prompt"],
        "negative_prompt": request.get("negative_prompt") or None,
        "height": height,
        "width": width,
        "num_frames": frames,
        "num_inference_steps": steps,
        "guidance_scale": guidance,
        "generator": generator,
        "output_type": "pil",
        "callback_on_step_end": on_step,
        "frame_rate": round(fps),
    }
    if request["mode"] == "text-to-video":
        pass
    elif request["mode"] == "image-to-video":
        arguments["image"] = inputs[0]
        if len(inputs) > 1:
            arguments["last_image"] = inputs[1]
    elif family == "ltx":
        # LTXConditionPipeline: the source video conditions every frame from frame 0, and the shot's
        # strength decides how much noise is put on it (how far the take may stray from the source).
        arguments.update(video=inputs, frame_index=0, strength=1.0, denoise_strength=strength)
    else:
        arguments.update(video=inputs, strength=strength)
    if family == "svd":
        arguments.update(
            fps=max(1, round(fps) - 1),
            max_guidance_scale=guidance,
            min_guidance_scale=min(1.0, guidance),
            motion_bucket_id=parameters.get("motion_bucket_id", 127),
            noise_aug_strength=parameters.get("noise_aug_strength", 0.02),
            decode_chunk_size=parameters.get("decode_chunk_size", 8),
        )
    accepted = inspect.signature(pipe.__call__).parameters
    if "last_image" in arguments and "last_image" not in accepted:
        raise PluginError(f"{type(pipe).__name__} cannot end on a picture (it takes no last_image); upgrade diffusers")
    return {name: value for name, value in arguments.items() if name in accepted and value is not None}


def conform(pictures, request):
    """The model's frames retimed to the take's frame count and resized (to cover, centred) to its size,
    as raw RGB frames."""
    from PIL import Image

    width, height, count = request["width"], request["height"], request["frames"]
    conformed = []
    for index in range(count):
        picked = pictures[round(index * (len(pictures) - 1) / (count - 1)) if count > 1 else 0].convert("RGB")
        scale = max(width / picked.width, height / picked.height)
        resized = picked.resize(
            (max(width, round(picked.width * scale)), max(height, round(picked.height * scale))), Image.LANCZOS
        )
        left, top = (resized.width - width) // 2, (resized.height - height) // 2
        conformed.append(resized.crop((left, top, left + width, top + height)).tobytes())
    return conformed


def encode(frames, request):
    """Writes raw RGB frames as the H.264 MP4 Kinora asked for."""
    rate = request.get("fps_fraction") or str(request.get("fps", 24))
    run_ffmpeg(
        ["-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{request['width']}x{request['height']}", "-r", rate,
         "-i", "-", "-frames:v", str(len(frames)), "-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18",
         "-pix_fmt", "yuv420p", "-f", "mp4", request["output"]],
        stdin=b"".join(frames),
    )  # fmt: skip


def write_preview(picture, request):
    """Saves `picture` as a PNG in the preview folder (renamed into place when complete) and announces it."""
    path = os.path.join(request["preview_dir"], "preview-middle.png")
    with tempfile.NamedTemporaryFile(dir=request["preview_dir"], suffix=".png", delete=False) as partial:
        picture.save(partial, format="PNG")
    os.replace(partial.name, path)
    emit("preview", path=path)


def make_take(request):
    """Loads the model, generates, conforms and encodes; returns the frame count written."""
    parameters = parse_parameters(request.get("parameters"))
    folder = model_folder(parameters)
    family, class_name = choose_pipeline(folder, request["mode"], parameters.get("pipeline"))
    if request["mode"] != "text-to-video" and not request.get("source"):
        raise PluginError(f"{request['mode']} needs a source {'picture' if request['mode'] == 'image-to-video' else 'video'}")
    if request.get("last_frame") and (family != "wan" or request["mode"] != "image-to-video"):
        raise PluginError(f"an end picture (last_frame) is served only by Wan image-to-video here, not {class_name}")
    geometry = model_geometry(request, family, parameters)
    width, height, frames = geometry

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: nothing is ever fetched
    try:
        import diffusers
        import torch
    except ImportError as error:
        raise PluginError(f"torch and diffusers are needed ({error}); see Plugins/README.md for a venv")
    if family == "wan" and importlib.util.find_spec("ftfy") is None:
        raise PluginError("Wan pipelines clean prompts with ftfy, which is not installed: pip install ftfy")

    inputs = []
    if request["mode"] != "text-to-video":
        inputs = source_frames(request, width, height, 1 if request["mode"] == "image-to-video" else frames)
    if request.get("last_frame"):
        inputs += source_frames(dict(request, source=request["last_frame"]), width, height, 1)
    emit("log", message=f"loading {class_name} from {folder}; the model runs at {width}x{height}, {frames} frames")
    pipe = load_pipeline(folder, class_name, parameters, torch, diffusers)
    total = request["frames"]
    denoising_share = 0.9  # of the progress bar; resizing and encoding take the rest

    def on_step(pipeline, step, timestep, callback_kwargs):
        steps = max(1, getattr(pipeline, "num_timesteps", 0) or parameters.get("steps", 30))
        emit("progress", frame=min(total - 1, int(total * denoising_share * (step + 1) / steps)), total=total)
        return {}

    generator = torch.Generator(device="cpu").manual_seed(request["seed"])
    arguments = pipeline_arguments(pipe, family, request, parameters, inputs, geometry, generator, on_step)
    try:
        output = pipe(**arguments)
    except Exception as error:
        raise PluginError(f"{class_name} failed: {type(error).__name__}: {error}")
    pictures = list(output.frames[0])
    if not pictures:
        raise PluginError(f"{class_name} returned no frames")
    write_preview(pictures[len(pictures) // 2], request)
    encode(conform(pictures, request), request)
    emit("progress", frame=total, total=total)
    return total


def main():
    try:
        request = read_request(sys.stdin)
        frames = make_take(request)
        emit("result", output=request["output"], frames=frames)
        return 0
    except PluginError as error:
        emit("error", message=str(error))
        return error.status
    except Exception as error:  # anything unexpected still ends with a protocol message
        emit("error", message=f"{type(error).__name__}: {error}")
        raise


if __name__ == "__main__":
    sys.exit(main())
