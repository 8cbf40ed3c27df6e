#!/usr/bin/env python3
"""A fake Replicate API for Kinora's tests, written with the standard library only.

It follows Replicate's documented HTTP API (replicate.com/docs/reference/http and the topics pages
"Create a prediction", "Input files", "Rate limits"; the prediction object as the official clients
replicate-python and replicate-javascript read it):

    GET  /v1/models/{owner}/{name}                  model object; latest_version.openapi_schema holds
                                                     components.schemas.Input (Cog's layout: choices
                                                     as allOf [$ref] to an enum schema)
    GET  /v1/models/{owner}/{name}/versions/{id}    version object {id, created_at, cog_version,
                                                     openapi_schema}
    POST /v1/models/{owner}/{name}/predictions      {"input": {...}} -> 201 prediction (official models)
    POST /v1/predictions                            {"version": id, "input": {...}} -> 201 prediction
    GET  /v1/predictions/{id}                       prediction {id, model, version, input, logs, output,
                                                     error, status, created_at, started_at,
                                                     completed_at, urls {get, cancel, stream, web},
                                                     metrics}; 404 {"detail": "Not found."} when unknown
    POST /v1/predictions/{id}/cancel                the prediction, now "canceled" unless it had ended
    POST /v1/files                                  multipart "content" -> 201 file object with urls.get

Statuses go starting -> processing -> succeeded | failed | canceled. The model's log prints tqdm-style
percentages while processing. The `Prefer: wait` header is ignored (every prediction is asynchronous).
Every /v1 route answers 401 {"title": "Unauthenticated", ...} without "Authorization: Bearer TOKEN" when
--token is given; 429 {"title": "Request was throttled.", ...} with Retry-After as documented.

Output files are served from a second port (a different origin, as replicate.delivery is), which must
never see the token.

Options: --token T; --scenario success | list | failed | slow | output-404 | output-huge | invalid
(creation answers 422 "Input validation failed" with invalid_fields) | no-model (the model is unknown:
404);
--starting N (polls a prediction answers "starting" before it runs: a cold start; default 1);
--rate-limit N (the first N prediction creations answer 429); --retry-after SECONDS or "none";
--hold (predictions stay "starting" until POST /kinora-test/release: a machine that never comes up
while a test kills Kinora).

Test-only routes: GET /kinora-test/state (what the server received and did), POST /kinora-test/release,
POST /kinora-test/outage and /kinora-test/outage-end (every API request answers 503 in between).
The API's port is printed on the first line of stdout; the server exits when stdin closes.
"""

import argparse
import json
import os
import random
import string
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa"

# The model's Input schema, in Cog's OpenAPI layout.
SCHEMA = {
    "openapi": "3.0.2",
    "info": {"title": "Cog", "version": "0.1.0"},
    "components": {
        "schemas": {
            "Input": {
                "type": "object",
                "title": "Input",
                "required": ["prompt"],
                "properties": {
                    "prompt": {"type": "string", "title": "Prompt", "x-order": 0},
                    "negative_prompt": {"type": "string", "title": "Negative Prompt", "default": "", "x-order": 1},
                    "image": {"type": "string", "format": "uri", "title": "Image", "x-order": 2},
                    "last_image": {"type": "string", "format": "uri", "title": "Last Image", "x-order": 3},
                    "seed": {"type": "integer", "title": "Seed", "minimum": 0, "maximum": 2147483647,
                             "x-order": 4},
                    "duration": {"allOf": [{"$ref": "#/components/schemas/duration"}], "default": 5,
                                 "x-order": 5},
                    "resolution": {"allOf": [{"$ref": "#/components/schemas/resolution"}], "default": "720p",
                                   "x-order": 6},
                    "aspect_ratio": {"allOf": [{"$ref": "#/components/schemas/aspect_ratio"}],
                                     "default": "16:9", "x-order": 7},
                    "num_frames": {"type": "integer", "title": "Num Frames", "minimum": 17, "maximum": 161,
                                   "default": 81, "x-order": 8},
                    "fps": {"type": "integer", "title": "Fps", "default": 16, "x-order": 9},
                    "camera_fixed": {"type": "boolean", "title": "Camera Fixed", "default": False,
                                     "x-order": 10},
                    "guidance": {"type": "number", "title": "Guidance", "default": 5.0, "x-order": 11},
                    "style": {"type": "string", "title": "Style", "default": "none", "x-order": 12},
                },
            },
            "duration": {"title": "duration", "type": "integer", "enum": [1, 2, 5, 10],
                         "description": "An enumeration."},
            "resolution": {"title": "resolution", "type": "string", "enum": ["90p", "480p", "720p"],
                           "description": "An enumeration."},
            "aspect_ratio": {"title": "aspect_ratio", "type": "string", "enum": ["16:9", "9:16", "1:1"],
                             "description": "An enumeration."},
            "Output": {"type": "string", "format": "uri", "title": "Output"},
        }
    },
}

FAILURE_TEXT = "\x1b[31mCUDA out of memory.\x1b[0m Tried to allocate 20.00 GiB\n\x1b]0;pwned\x07 (GPU 0)"


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())


def new_id():
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(26))


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.predictions = {}
        self.polls = {}
        self.creates = []
        self.create_routes = []
        self.cancels = []
        self.files = {}
        self.file_log = []
        self.model_gets = []
        self.api_auth = []
        self.delivery_auth = []
        self.delivery_paths = []
        self.rate_limited = 0
        self.released = False
        self.gets = 0
        self.api_port = 0
        self.delivery_port = 0
        self.video = None

    def snapshot(self):
        with self.lock:
            return {
                "creates": self.creates,
                "create_routes": self.create_routes,
                "cancels": self.cancels,
                "files": self.file_log,
                "model_gets": self.model_gets,
                "api_auth": self.api_auth,
                "delivery_auth": self.delivery_auth,
                "delivery_paths": self.delivery_paths,
                "rate_limited": self.rate_limited,
                "gets": self.gets,
                "statuses": {key: value["status"] for key, value in self.predictions.items()},
            }


def make_video(folder):
    """A 3 s 320x180 clip at 24 fps with a tone: what a video model returns."""
    path = os.path.join(folder, "output.mp4")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=320x180:rate=24", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                    "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-shortest", "-movflags", "+faststart", path],
                   check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return path


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, *args):
        pass

    # -- plumbing --

    def send_json(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def authorized(self):
        state = self.state
        with state.lock:
            state.api_auth.append(self.headers.get("Authorization"))
        token = state.args.token
        if token and self.headers.get("Authorization") != f"Bearer {token}":
            self.send_json(401, {"title": "Unauthenticated",
                                 "detail": "You did not pass a valid authentication token", "status": 401})
            return False
        return True

    def base(self):
        return f"http://127.0.0.1:{self.state.api_port}"

    # -- predictions --

    def prediction_json(self, prediction):
        keys = ["id", "model", "version", "input", "logs", "output", "data_removed", "error", "status",
                "created_at", "started_at", "completed_at", "urls", "metrics", "source"]
        return {key: prediction.get(key) for key in keys}

    def advance(self, prediction):
        """Moves a prediction on by one poll, as the scenario says."""
        args = self.state.args
        if prediction["status"] in ("succeeded", "failed", "canceled"):
            return
        if args.hold and not self.state.released:
            prediction["status"] = "starting"
            return
        polls = self.state.polls[prediction["id"]] = self.state.polls.get(prediction["id"], 0) + 1
        if polls <= args.starting:
            prediction["status"] = "starting"
            return
        step = polls - args.starting
        prediction["status"] = "processing"
        prediction["started_at"] = prediction["started_at"] or now()
        percent = min(100, step * 35)
        prediction["logs"] += f"Loading model\n{percent:3d}%|{'#' * (percent // 10)}| {step}/3 [00:0{step}<00:01]\n"
        scenario = args.scenario
        if scenario == "slow" or step < 3:
            return
        delivery = f"http://127.0.0.1:{self.state.delivery_port}"
        if scenario == "failed":
            prediction["status"] = "failed"
            prediction["error"] = FAILURE_TEXT
        else:
            prediction["status"] = "succeeded"
            if scenario == "output-404":
                prediction["output"] = f"{delivery}/xezq/{prediction['id']}/missing.mp4"
            elif scenario == "output-huge":
                prediction["output"] = f"{delivery}/xezq/{prediction['id']}/huge.mp4"
            elif scenario == "list":
                prediction["output"] = [f"{delivery}/xezq/{prediction['id']}/poster.png",
                                        f"{delivery}/xezq/{prediction['id']}/output.mp4?sig=abc"]
            else:
                prediction["output"] = f"{delivery}/xezq/{prediction['id']}/output.mp4"
        prediction["completed_at"] = now()
        prediction["metrics"] = {"predict_time": 1.5}

    def create(self, route, model, payload):
        state = self.state
        with state.lock:
            if state.rate_limited < state.args.rate_limit:
                state.rate_limited += 1
                headers = {} if state.args.retry_after == "none" else {"Retry-After": state.args.retry_after}
                self.send_json(429, {"title": "Request was throttled.",
                                     "detail": "Request was throttled. Expected available in 1 second.",
                                     "status": 429}, headers)
                return
            if state.args.scenario == "invalid":
                detail = "duration must be one of the following: 5, 10"
                self.send_json(422, {"title": "Input validation failed", "status": 422,
                                     "detail": f"- input.duration: {detail}\x1b[2J",
                                     "invalid_fields": [{"type": "enum", "field": "input.duration",
                                                         "description": detail}]})
                return
            if not isinstance(payload, dict) or not isinstance(payload.get("input"), dict):
                self.send_json(422, {"title": "Invalid request", "detail": "input is required", "status": 422})
                return
            identifier = new_id()
            prediction = {
                "id": identifier, "model": model, "version": payload.get("version", VERSION),
                "input": payload["input"], "logs": "", "output": None, "data_removed": False, "error": None,
                "status": "starting", "created_at": now(), "started_at": None, "completed_at": None,
                "source": "api", "metrics": {},
                "urls": {"get": f"{self.base()}/v1/predictions/{identifier}",
                         "cancel": f"{self.base()}/v1/predictions/{identifier}/cancel",
                         "stream": f"{self.base()}/v1/stream/{identifier}",
                         "web": f"https://replicate.com/p/{identifier}"},
            }
            state.predictions[identifier] = prediction
            state.creates.append(payload)
            state.create_routes.append(route)
            answer = self.prediction_json(prediction)
        self.send_json(201, answer)

    # -- routes --

    def do_GET(self):
        path = self.path.split("?")[0]
        parts = [part for part in path.split("/") if part]
        if path == "/kinora-test/state":
            return self.send_json(200, self.state.snapshot())
        if getattr(self.state, "outage", False) and path.startswith("/v1/"):
            return self.send_json(503, {"detail": "upstream unavailable", "status": 503})
        if not self.authorized():
            return
        state = self.state
        if parts[:2] == ["v1", "models"] and state.args.scenario == "no-model":
            return self.send_json(404, {"detail": "Not found.", "status": 404})
        if len(parts) == 4 and parts[:2] == ["v1", "models"]:
            with state.lock:
                state.model_gets.append(path)
            return self.send_json(200, {
                "url": f"https://replicate.com/{parts[2]}/{parts[3]}", "owner": parts[2], "name": parts[3],
                "description": "A test video model", "visibility": "public", "run_count": 1,
                "latest_version": {"id": VERSION, "created_at": now(), "cog_version": "0.14.0",
                                   "openapi_schema": SCHEMA}})
        if len(parts) == 6 and parts[:2] == ["v1", "models"] and parts[4] == "versions":
            with state.lock:
                state.model_gets.append(path)
            if len(parts[5]) != 64:
                return self.send_json(404, {"detail": "Not found.", "status": 404})
            return self.send_json(200, {"id": parts[5], "created_at": now(), "cog_version": "0.14.0",
                                        "openapi_schema": SCHEMA})
        if len(parts) == 3 and parts[:2] == ["v1", "predictions"]:
            with state.lock:
                state.gets += 1
                prediction = state.predictions.get(parts[2])
                if prediction is None:
                    answer = None
                else:
                    self.advance(prediction)
                    answer = self.prediction_json(prediction)
            if answer is None:
                return self.send_json(404, {"detail": "Not found.", "status": 404})
            return self.send_json(200, answer)
        self.send_json(404, {"detail": "Not found.", "status": 404})

    def do_POST(self):
        path = self.path.split("?")[0]
        parts = [part for part in path.split("/") if part]
        data = self.body()
        if path == "/kinora-test/release":
            with self.state.lock:
                self.state.released = True
            return self.send_json(200, {})
        if path in ("/kinora-test/outage", "/kinora-test/outage-end"):
            # A gateway in front of the API fails for a while: every API request answers 503.
            self.state.outage = path == "/kinora-test/outage"
            return self.send_json(200, {})
        if not self.authorized():
            return
        state = self.state
        if len(parts) == 5 and parts[:2] == ["v1", "models"] and parts[4] == "predictions":
            try:
                payload = json.loads(data or b"null")
            except ValueError:
                return self.send_json(400, {"detail": "malformed JSON", "status": 400})
            return self.create(path, f"{parts[2]}/{parts[3]}", payload)
        if parts == ["v1", "predictions"]:
            payload = json.loads(data or b"null")
            if not isinstance(payload, dict) or not payload.get("version"):
                return self.send_json(422, {"title": "Input validation failed", "status": 422,
                                            "detail": "- version: Invalid version or not permitted"})
            return self.create(path, "kinora-test/video-model", payload)
        if len(parts) == 4 and parts[:2] == ["v1", "predictions"] and parts[3] == "cancel":
            with state.lock:
                prediction = state.predictions.get(parts[2])
                if prediction is not None:
                    state.cancels.append(parts[2])
                    if prediction["status"] in ("starting", "processing"):
                        prediction["status"] = "canceled"
                        prediction["completed_at"] = now()
                    answer = self.prediction_json(prediction)
            if prediction is None:
                return self.send_json(404, {"detail": "Not found.", "status": 404})
            return self.send_json(200, answer)
        if parts == ["v1", "files"]:
            content_type = self.headers.get("Content-Type", "")
            boundary = content_type.split("boundary=")[-1].strip('"').encode()
            name, kind, content = None, None, None
            for chunk in data.split(b"--" + boundary):
                head, _, rest = chunk.partition(b"\r\n\r\n")
                if b'name="content"' in head:
                    content = rest[:-2] if rest.endswith(b"\r\n") else rest
                    for line in head.decode(errors="replace").split("\r\n"):
                        if "filename=" in line:
                            name = line.split('filename="')[-1].split('"')[0]
                        if line.lower().startswith("content-type:"):
                            kind = line.split(":", 1)[1].strip()
            if content is None:
                return self.send_json(400, {"detail": "content is required", "status": 400})
            identifier = new_id()
            with state.lock:
                state.files[identifier] = content
                state.file_log.append({"name": name, "content_type": kind, "size": len(content),
                                       "png": content[:8] == b"\x89PNG\r\n\x1a\n"})
            return self.send_json(201, {
                "id": identifier, "name": name, "content_type": kind, "size": len(content), "etag": identifier,
                "checksums": {}, "metadata": {}, "created_at": now(), "expires_at": now(),
                "urls": {"get": f"{self.base()}/v1/files/{identifier}"}})
        self.send_json(404, {"detail": "Not found.", "status": 404})


class DeliveryHandler(BaseHTTPRequestHandler):
    """The output host: serves the model's files, and records whether a token came along."""
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        state = self.state
        path = self.path.split("?")[0]
        with state.lock:
            state.delivery_auth.append(self.headers.get("Authorization"))
            state.delivery_paths.append(path)
        if path.endswith("/missing.mp4"):
            data = b'{"detail": "Not found."}'
            self.send_response(404)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        if path.endswith("/huge.mp4"):
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(2 * 1024 * 1024 * 1024))
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"\0" * 65536)
                    time.sleep(0.05)
            except OSError:
                pass
            self.close_connection = True
            return
        if path.endswith(".png"):
            data = b"\x89PNG\r\n\x1a\nnot-really"
            kind = "image/png"
        else:
            with open(state.video, "rb") as handle:
                data = handle.read()
            kind = "video/mp4"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def watch_stdin():
    """Exits the whole process when stdin closes, so a test can never leave the server running."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--token")
    parser.add_argument("--scenario", default="success",
                        choices=["success", "list", "failed", "slow", "output-404", "output-huge", "invalid",
                                 "no-model"])
    parser.add_argument("--starting", type=int, default=1)
    parser.add_argument("--rate-limit", type=int, default=0)
    parser.add_argument("--retry-after", default="1")
    parser.add_argument("--hold", action="store_true")
    args = parser.parse_args()
    state = State(args)
    folder = tempfile.mkdtemp(prefix="fake-replicate-")
    state.video = make_video(folder)
    Handler.state = state
    DeliveryHandler.state = state
    api = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    delivery = ThreadingHTTPServer(("127.0.0.1", 0), DeliveryHandler)
    api.daemon_threads = True
    delivery.daemon_threads = True
    state.api_port = api.server_address[1]
    state.delivery_port = delivery.server_address[1]
    threading.Thread(target=delivery.serve_forever, daemon=True).start()
    threading.Thread(target=watch_stdin, daemon=True).start()
    print(state.api_port, flush=True)
    api.serve_forever()


if __name__ == "__main__":
    main()
