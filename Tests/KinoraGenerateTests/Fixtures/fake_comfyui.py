#!/usr/bin/env python3
"""A fake ComfyUI server for Kinora's tests, written with the standard library only.

It speaks ComfyUI's documented server protocol (server.py, execution.py and main.py of
comfyanonymous/ComfyUI): the same routes, the same JSON shapes and the same WebSocket message
sequence, so the real ComfyUIBackend can be driven through every scenario without a GPU.

    POST /prompt            {"prompt": {...}, "client_id": "..."} -> {"prompt_id", "number", "node_errors"}
                            400 {"error": {...}, "node_errors": {id: {"errors", "dependent_outputs", "class_type"}}}
    GET  /prompt            {"exec_info": {"queue_remaining": n}}
    GET  /queue             {"queue_running": [[number, id, prompt, extra, outputs]], "queue_pending": [...]}
    POST /queue             {"delete": [ids]} or {"clear": true}
    GET  /history[/{id}]    {id: {"prompt": [...], "outputs": {...}, "status": {...}, "meta": {...}}}
    GET  /view?filename=&subfolder=&type=
    POST /upload/image      multipart: image, overwrite, type, subfolder -> {"name", "subfolder", "type"}
    POST /interrupt         optional {"prompt_id": id}: only that prompt, if it is running
    GET  /system_stats      {"system": {"comfyui_version": --version, ...}, "devices": [...]}
    GET  /object_info       {class_type: {...}} for every node class the server runs (the node definitions
                            fixture, the output and loader nodes, minus --missing-nodes)
    GET  /models            the model folder names; GET /models/{folder}: the files in it (every model a
                            shipped template names, minus --missing-models); 404 for an unknown folder
    GET  /api/jobs          with --jobs-api only (newer servers): {"jobs": [...], "pagination": {...}}
    POST /api/jobs/{id}/cancel   with --jobs-api only: cancels a pending or running prompt
    GET  /ws?clientId=      WebSocket (RFC 6455, implemented here): JSON text messages
                            {"type", "data"} and binary preview frames (u32 event 1, u32 format
                            1 JPEG / 2 PNG, image bytes)
    Every route is also served under /api, as ComfyUI does.

Test-only routes: GET /kinora-test/state (what the server received and did).

Scenarios (--scenario): success (the default), node-errors, execution-error, restart (the
server goes away mid-run, comes back on the same port and has forgotten the prompt), drop (the
WebSocket is cut mid-run but the prompt goes on), drop-finish (the same, and the prompt finishes
before the client can reconnect), slow (never finishes unless interrupted),
server-error (HTTP 500 on /prompt), malformed (POST /prompt answers with broken JSON), empty
(finishes with no outputs). A node {"class_type": "KinoraTestScenario", "inputs": {"scenario": S}}
in the prompt overrides the flag for that prompt. --output video|gifs|frames forces the output
kind; by default it follows the output node's class_type (SaveVideo/SaveWEBM: a video under
"images" with "animated": [true]; VHS_VideoCombine: "gifs"; SaveImage: a PNG sequence).
--token T makes every route answer 401 without "Authorization: Bearer T" (the WebSocket handshake too).
--tls-cert/--tls-key serve HTTPS and WSS (as main.py's --tls-certfile/--tls-keyfile). POST /prompt takes the
client's "prompt_id" (with --strict-prompt-id, newer servers' rule, it must be a lowercase UUID; with
--own-prompt-id the server ignores it and chooses its own, as older servers do). Live previews are sent only
when the prompt's extra_data asks for a preview_method (a default server's --preview-method is none).
--max-upload-mb N answers an upload larger than N MB with 413, as aiohttp's client_max_size does.
--refuse-websocket answers /ws without upgrading, as a proxy without WebSocket support does.
--hold keeps queued prompts waiting (a busy GPU) until POST /kinora-test/release.

The port is printed on the first line of stdout; the server exits when stdin closes.
"""

import argparse
import asyncio
import base64
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import zlib

WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
PREVIEW_IMAGE = 1  # BinaryEventTypes.PREVIEW_IMAGE
JPEG, PNG = 1, 2

SAMPLERS = {"KSampler", "KSamplerAdvanced", "SamplerCustom", "SamplerCustomAdvanced"}
VIDEO_SAVERS = {"SaveVideo", "SaveWEBM", "SaveAnimatedWEBP", "SaveAnimatedPNG"}
IMAGE_SAVERS = {"SaveImage", "PreviewImage"}
GIF_SAVERS = {"VHS_VideoCombine"}
OUTPUT_NODES = VIDEO_SAVERS | IMAGE_SAVERS | GIF_SAVERS
LOADERS = {"LoadImage": "image", "LoadVideo": "file", "VHS_LoadVideo": "video"}

STATUS_TEXT = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
               404: "Not Found", 405: "Method Not Allowed", 413: "Request Entity Too Large", 500: "Internal Server Error"}


def now_ms():
    return int(time.time() * 1000)


def png_bytes(width, height, shade):
    """A real PNG (8-bit RGB) with a horizontal gradient, tinted by `shade` (0-255)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows += bytes(((x * 255) // max(1, width - 1), (y * 255) // max(1, height - 1), shade % 256))
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 1))
            + chunk(b"IEND", b""))


def noise_png_bytes(width, height, seed):
    """A PNG of pseudo-random pixels: it does not compress, so it is large (a 64-bit WebSocket length)."""
    state = seed * 2654435761 % 4294967296 or 1
    rows = bytearray()
    for _ in range(height):
        rows.append(0)
        for _ in range(width * 3):
            state = (state * 1103515245 + 12345) % 2147483648
            rows.append(state >> 16 & 0xFF)
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 0))
            + chunk(b"IEND", b""))


MODEL_FOLDERS = {
    "CheckpointLoaderSimple": {"ckpt_name": "checkpoints"}, "UNETLoader": {"unet_name": "diffusion_models"},
    "CLIPLoader": {"clip_name": "text_encoders"}, "CLIPVisionLoader": {"clip_name": "clip_vision"},
    "VAELoader": {"vae_name": "vae"}, "DualCLIPLoader": {"clip_name1": "text_encoders", "clip_name2": "text_encoders"},
    "LoraLoader": {"lora_name": "loras"}, "LoraLoaderModelOnly": {"lora_name": "loras"},
}
HERE = os.path.dirname(os.path.abspath(__file__))


def load_installed(missing_nodes, missing_models):
    """The node classes and model files this server has: every node in ComfyUI's definitions fixture and
    every model a shipped template names, plus the nodes tests' own templates use, minus the missing ones."""
    with open(os.path.join(HERE, "comfyui_node_definitions.json")) as handle:
        classes = set(json.load(handle)["nodes"])
    classes |= OUTPUT_NODES | set(LOADERS) | {"KinoraTestScenario", "PreviewImage", "SaveWEBM"}
    models = {folder: set() for names in MODEL_FOLDERS.values() for folder in names.values()}
    models.update({"loras": set(), "upscale_models": set(), "controlnet": set()})
    shipped = os.path.join(HERE, "..", "..", "..", "Sources", "KinoraGenerate", "Resources", "ComfyUI")
    for name in sorted(os.listdir(shipped)) if os.path.isdir(shipped) else []:
        if not name.endswith(".json"):
            continue
        with open(os.path.join(shipped, name)) as handle:
            template = json.load(handle)
        for node in template.values():
            if isinstance(node, dict):
                for field, folder in MODEL_FOLDERS.get(node.get("class_type"), {}).items():
                    value = node.get("inputs", {}).get(field)
                    if isinstance(value, str):
                        models[folder].add(value)
    for folder in models:
        models[folder] -= missing_models
    return classes - missing_nodes, models


def run_ffmpeg(arguments):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments, check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


class Request:
    def __init__(self, method, target, headers, body):
        self.method = method
        parsed = urllib.parse.urlsplit(target)
        path = parsed.path
        self.path = path[4:] if path.startswith("/api/") else path
        self.query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))


class Response:
    def __init__(self, status=200, body=b"", content_type="text/plain; charset=utf-8"):
        self.status = status
        self.body = body
        self.content_type = content_type


def json_response(value, status=200):
    return Response(status, json.dumps(value).encode("utf-8"), "application/json; charset=utf-8")


class WebSocket:
    """The server side of one RFC 6455 connection."""

    def __init__(self, server, reader, writer, sid):
        self.server = server
        self.reader = reader
        self.writer = writer
        self.sid = sid
        self.closed = False

    def _frame(self, opcode, payload, fin=True):
        first = (0x80 if fin else 0) | opcode
        length = len(payload)
        if length < 126:
            header = struct.pack(">BB", first, length)
        elif length < 65536:
            header = struct.pack(">BBH", first, 126, length)
        else:
            header = struct.pack(">BBQ", first, 127, length)
        return header + payload

    def send(self, opcode, payload):
        """Sends a message as one frame or, when fragmenting, as three."""
        if self.closed:
            return
        try:
            # Messages are split in three (with a ping between the parts); large ones go whole, so
            # both the 16-bit and the 64-bit length forms are used.
            if self.server.fragment and 96 < len(payload) < 65536:
                third = len(payload) // 3
                self.writer.write(self._frame(opcode, payload[:third], fin=False))
                self.writer.write(self._frame(0x9, b"mid-message"))
                self.writer.write(self._frame(0x0, payload[third:2 * third], fin=False))
                self.writer.write(self._frame(0x0, payload[2 * third:], fin=True))
            else:
                self.writer.write(self._frame(opcode, payload))
        except (ConnectionError, RuntimeError):
            self.closed = True

    def send_json(self, value):
        self.send(0x1, json.dumps(value).encode("utf-8"))

    def send_bytes(self, data):
        self.send(0x2, data)

    def abort(self):
        """Drops the connection without a closing handshake, as a dying server does."""
        self.closed = True
        self.writer.transport.abort()

    async def read_loop(self):
        message, message_opcode = bytearray(), None
        while not self.closed:
            head = await self.reader.readexactly(2)
            fin, opcode = head[0] & 0x80, head[0] & 0x0F
            masked, length = head[1] & 0x80, head[1] & 0x7F
            if length == 126:
                (length,) = struct.unpack(">H", await self.reader.readexactly(2))
            elif length == 127:
                (length,) = struct.unpack(">Q", await self.reader.readexactly(8))
            if not masked:
                self.server.state["unmasked_client_frames"] += 1
                self.send(0x8, struct.pack(">H", 1002) + b"client frames must be masked")
                self.abort()
                return
            mask = await self.reader.readexactly(4)
            data = bytearray(await self.reader.readexactly(length))
            for i in range(length):
                data[i] ^= mask[i % 4]
            if opcode == 0x8:
                self.server.state["client_closes"] += 1
                self.send(0x8, bytes(data[:2]) if len(data) >= 2 else b"")
                self.closed = True
                self.writer.close()
                return
            if opcode == 0x9:
                self.send(0xA, bytes(data))
            elif opcode == 0xA:
                self.server.state["pongs"] += 1
            elif opcode in (0x1, 0x2, 0x0):
                if opcode != 0x0:
                    message, message_opcode = bytearray(), opcode
                message += data
                if fin:
                    self.server.state["client_messages"].append(message.decode("utf-8", "replace"))


class FakeComfyUI:
    def __init__(self, args):
        self.scenario = args.scenario
        self.output_kind = args.output
        self.token = args.token
        self.step_delay = args.step_delay
        self.fragment = not args.no_fragment
        self.root = tempfile.mkdtemp(prefix="fake-comfyui-")
        self.dirs = {kind: os.path.join(self.root, kind) for kind in ("input", "output", "temp")}
        for folder in self.dirs.values():
            os.makedirs(folder, exist_ok=True)
        self.sockets = {}
        self.connections = set()
        self.pending = []
        self.running = None
        self.history = {}
        self.number = 0
        self.counter = 0
        self.interrupt_requested = False
        self.hold_websockets = False
        self.last_node_id = None
        self.client_id = None
        self.wakeup = asyncio.Event()
        self.listener = None
        self.port = None
        self.state = {"prompts": [], "interrupts": [], "queue_posts": [], "uploads": [], "pongs": 0,
                      "client_closes": 0, "client_messages": [], "unmasked_client_frames": 0,
                      "ws_connects": 0, "sent": [], "authorization": [], "restarts": 0, "queued": []}
        self.large_preview = noise_png_bytes(160, 160, 7)
        self.hold = args.hold
        self.version = args.version
        self.jobs_api = args.jobs_api
        self.strict_prompt_id = args.strict_prompt_id
        self.own_prompt_id = args.own_prompt_id
        self.max_upload = int(args.max_upload_mb * 1024 * 1024) if args.max_upload_mb else None
        self.refuse_websocket = args.refuse_websocket
        self.tls = (args.tls_cert, args.tls_key) if args.tls_cert else None
        self.missing_nodes = set(filter(None, (args.missing_nodes or "").split(",")))
        self.missing_models = set(filter(None, (args.missing_models or "").split(",")))
        self.node_classes, self.models = load_installed(self.missing_nodes, self.missing_models)
        self.state.update({"object_info": 0, "jobs_cancels": [], "handshake_authorization": []})
        self.jpeg = None
        if shutil.which("ffmpeg"):
            path = os.path.join(self.root, "preview.jpg")
            run_ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=64x36", "-frames:v", "1", path])
            with open(path, "rb") as handle:
                self.jpeg = handle.read()

    # ---- the network ------------------------------------------------------------------------

    async def start(self, port=0):
        context = None
        if self.tls:
            import ssl
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile=self.tls[0], keyfile=self.tls[1])
        self.listener = await asyncio.start_server(self.connection, "127.0.0.1", port, reuse_address=True,
                                                   ssl=context)
        self.port = self.listener.sockets[0].getsockname()[1]

    async def connection(self, reader, writer):
        self.connections.add(writer)
        try:
            while True:
                request = await self.read_request(reader, writer)
                if request is None:
                    break
                if request.path == "/ws":
                    await self.websocket(request, reader, writer)
                    break
                response = await self.route(request)
                self.write_response(writer, response)
                await writer.drain()
                if request.headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.connections.discard(writer)
            writer.close()

    async def read_request(self, reader, writer):
        line = await reader.readline()
        if not line:
            return None
        parts = line.decode("latin-1").rstrip("\r\n").split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            # Not HTTP (a TLS handshake sent to this plain server, say): answer as aiohttp does.
            self.write_response(writer, Response(400, b"Bad status line 'Invalid method encountered'"))
            await writer.drain()
            return None
        method, target, _ = parts
        headers = {}
        while True:
            line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
            if not line:
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("expect", "").lower() == "100-continue":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        body = b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readline()).split(b";")[0].strip(), 16)
                if size == 0:
                    await reader.readline()
                    break
                body += await reader.readexactly(size)
                await reader.readline()
        elif "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        return Request(method, target, headers, body)

    def write_response(self, writer, response):
        head = (f"HTTP/1.1 {response.status} {STATUS_TEXT.get(response.status, 'Status')}\r\n"
                f"Content-Type: {response.content_type}\r\nContent-Length: {len(response.body)}\r\n"
                "Server: Python/3 aiohttp/3.9.5\r\n\r\n")
        writer.write(head.encode("latin-1") + response.body)

    def authorized(self, request):
        given = request.headers.get("authorization")
        self.state["authorization"].append(given)
        return self.token is None or given == f"Bearer {self.token}"

    # ---- the WebSocket ----------------------------------------------------------------------

    async def websocket(self, request, reader, writer):
        self.state["handshake_authorization"].append(request.headers.get("authorization"))
        if self.refuse_websocket:
            self.write_response(writer, Response(400, b"Can not upgrade to WebSocket"))
            await writer.drain()
            return
        if not self.authorized(request):
            self.write_response(writer, Response(401, b"401: Unauthorized"))
            await writer.drain()
            return
        key = request.headers.get("sec-websocket-key")
        if request.headers.get("upgrade", "").lower() != "websocket" or not key \
                or request.headers.get("sec-websocket-version") != "13":
            self.write_response(writer, Response(400, b"Can not upgrade to WebSocket"))
            await writer.drain()
            return
        while self.hold_websockets:
            await asyncio.sleep(0.02)
        accept = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest()).decode()
        writer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
                      f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode("latin-1"))
        sid = request.query.get("clientId") or uuid.uuid4().hex
        old = self.sockets.pop(sid, None)
        socket = WebSocket(self, reader, writer, sid)
        self.sockets[sid] = socket
        self.state["ws_connects"] += 1
        # As server.py: the initial status, and the current node when this client is executing.
        socket.send_json({"type": "status", "data": {"status": self.queue_info(), "sid": sid}})
        if self.client_id == sid and self.last_node_id is not None:
            socket.send_json({"type": "executing", "data": {"node": self.last_node_id}})
        socket.send(0x9, b"are you there")
        try:
            await socket.read_loop()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            if self.sockets.get(sid) is socket:
                self.sockets.pop(sid, None)

    def send(self, event, data, sid=None):
        """As PromptServer.send_json: to one client, or to everyone when sid is None."""
        message = {"type": event, "data": data}
        self.state["sent"].append(event)
        targets = list(self.sockets.values()) if sid is None else [self.sockets[sid]] if sid in self.sockets else []
        for socket in targets:
            socket.send_json(message)

    def send_preview(self, sid, index):
        image, kind = (self.jpeg, JPEG) if self.jpeg is not None and index % 2 else (png_bytes(64, 36, index * 40), PNG)
        if index == 2:
            image, kind = self.large_preview, PNG
        if sid in self.sockets:
            self.state["sent"].append("preview")
            self.sockets[sid].send_bytes(struct.pack(">I", PREVIEW_IMAGE) + struct.pack(">I", kind) + image)

    # ---- HTTP routes ------------------------------------------------------------------------

    async def route(self, request):
        if request.path == "/kinora-test/state":
            return json_response(self.state)
        if request.path == "/kinora-test/release":
            self.hold = False
            self.wakeup.set()
            return json_response({})
        if not self.authorized(request):
            return Response(401, b"401: Unauthorized")
        key = (request.method, request.path)
        if key == ("POST", "/prompt"):
            return self.post_prompt(request)
        if key == ("GET", "/prompt"):
            return json_response(self.queue_info())
        if key == ("GET", "/queue"):
            running = [list(self.running)] if self.running else []
            return json_response({"queue_running": running, "queue_pending": [list(item) for item in self.pending]})
        if key == ("POST", "/queue"):
            return self.post_queue(request)
        if key == ("GET", "/history"):
            return json_response(self.history)
        if request.method == "GET" and request.path.startswith("/history/"):
            prompt_id = urllib.parse.unquote(request.path[len("/history/"):])
            return json_response({prompt_id: self.history[prompt_id]} if prompt_id in self.history else {})
        if key == ("GET", "/view"):
            return self.view(request)
        if key == ("POST", "/upload/image"):
            return self.upload(request)
        if key == ("POST", "/interrupt"):
            return self.post_interrupt(request)
        if key == ("GET", "/object_info"):
            self.state["object_info"] += 1
            return json_response({name: {"input": {"required": {}}, "output": [], "name": name,
                                         "display_name": name, "category": "fake", "output_node": name in OUTPUT_NODES}
                                  for name in sorted(self.node_classes)})
        if key == ("GET", "/models"):
            return json_response(sorted(self.models))
        if request.method == "GET" and request.path.startswith("/models/"):
            folder = urllib.parse.unquote(request.path[len("/models/"):])
            if folder not in self.models:
                return Response(404, b"404: Not Found")
            return json_response(sorted(self.models[folder]))
        if self.jobs_api and key == ("GET", "/jobs"):
            jobs = [{"id": item[1], "status": "pending"} for item in self.pending]
            if self.running:
                jobs.insert(0, {"id": self.running[1], "status": "in_progress"})
            limit = int(request.query.get("limit", "100"))
            return json_response({"jobs": jobs[:limit], "pagination": {"offset": 0, "limit": limit,
                                                                        "total": len(jobs), "has_more": len(jobs) > limit}})
        if self.jobs_api and request.method == "POST" and request.path.startswith("/jobs/") \
                and request.path.endswith("/cancel"):
            prompt_id = urllib.parse.unquote(request.path[len("/jobs/"):-len("/cancel")])
            self.state["jobs_cancels"].append(prompt_id)
            if self.running is not None and self.running[1] == prompt_id:
                self.interrupt_requested = True
                return json_response({"status": "cancelled", "job_id": prompt_id})
            before = len(self.pending)
            self.pending = [item for item in self.pending if item[1] != prompt_id]
            if len(self.pending) < before:
                return json_response({"status": "cancelled", "job_id": prompt_id})
            return json_response({"error": "Job not found or already finished"}, 404)
        if key == ("GET", "/system_stats"):
            return json_response({"system": {"os": "posix", "comfyui_version": self.version, "python_version": sys.version,
                                              "embedded_python": False, "argv": ["main.py"]},
                                  "devices": [{"name": "cpu", "type": "cpu", "index": None, "vram_total": 0, "vram_free": 0,
                                               "torch_vram_total": 0, "torch_vram_free": 0}]})
        return Response(404, b"404: Not Found")

    def queue_info(self):
        return {"exec_info": {"queue_remaining": len(self.pending) + (1 if self.running else 0)}}

    def scenario_for(self, prompt):
        for node in prompt.values():
            if isinstance(node, dict) and node.get("class_type") == "KinoraTestScenario":
                return node.get("inputs", {}).get("scenario", self.scenario)
        return self.scenario

    def post_prompt(self, request):
        try:
            body = request.json()
        except (ValueError, UnicodeDecodeError):
            return Response(400, b"400: Bad Request")
        prompt = body.get("prompt") if isinstance(body, dict) else None
        if not isinstance(prompt, dict):
            return json_response({"error": "no prompt", "node_errors": []}, 400)
        self.state["prompts"].append(body)
        scenario = self.scenario_for(prompt)
        if scenario == "server-error":
            # aiohttp's page for an unhandled exception, with the request echoed as a careless proxy might.
            text = ("500 Internal Server Error\n\nServer got itself in trouble\n"
                    f"Traceback: KeyError('class_type') while handling request with "
                    f"Authorization: {request.headers.get('authorization')}\x1b[31m\n") * 3
            return Response(500, text.encode("utf-8"))
        if scenario == "malformed":
            return Response(200, b'{"prompt_id": "abc", "number": 1, "node_errors": {', "application/json")
        node_errors = self.validate(prompt, scenario)
        outputs = [node_id for node_id, node in prompt.items()
                   if isinstance(node, dict) and node.get("class_type") in OUTPUT_NODES]
        if node_errors:
            return json_response({"error": {"type": "prompt_outputs_failed_validation",
                                            "message": "Prompt outputs failed validation",
                                            "details": "", "extra_info": {}},
                                  "node_errors": node_errors}, 400)
        if not outputs:
            return json_response({"error": {"type": "prompt_no_outputs", "message": "Prompt has no outputs",
                                            "details": "", "extra_info": {}}, "node_errors": []}, 400)
        extra_data = dict(body.get("extra_data", {}))
        if "client_id" in body:
            extra_data["client_id"] = body["client_id"]
        prompt_id = str(uuid.uuid4())
        if "prompt_id" in body and not self.own_prompt_id:
            prompt_id = str(body["prompt_id"])
            if self.strict_prompt_id:
                try:
                    valid = str(uuid.UUID(prompt_id)) == prompt_id
                except ValueError:
                    valid = False
                if not valid:
                    return json_response({"error": {"type": "invalid_prompt_id", "message": "Invalid prompt_id",
                                                    "details": "prompt_id must be a lowercase UUID", "extra_info": {}},
                                          "node_errors": {}}, 400)
            if prompt_id in self.history or any(item[1] == prompt_id for item in self.pending) \
                    or (self.running is not None and self.running[1] == prompt_id):
                return json_response({"error": {"type": "duplicate_prompt_id", "message": "Duplicate prompt_id",
                                                "details": prompt_id, "extra_info": {}}, "node_errors": {}}, 400)
        number = self.number
        self.number += 1
        self.pending.append((number, prompt_id, prompt, extra_data, outputs))
        self.state["queued"].append(prompt_id)
        self.send("status", {"status": self.queue_info()})
        self.wakeup.set()
        return json_response({"prompt_id": prompt_id, "number": number, "node_errors": {}})

    def validate(self, prompt, scenario):
        errors = {}
        outputs = [i for i, n in prompt.items() if isinstance(n, dict) and n.get("class_type") in OUTPUT_NODES]
        for node_id, node in prompt.items():
            if not isinstance(node, dict) or "class_type" not in node or not isinstance(node.get("inputs"), dict):
                errors[node_id] = {"errors": [{"type": "invalid_prompt", "message": "Cannot execute because a node is missing the class_type property.",
                                               "details": f"Node ID '#{node_id}'", "extra_info": {}}],
                                   "dependent_outputs": outputs, "class_type": None}
                continue
            field = LOADERS.get(node["class_type"])
            if field is not None:
                name = node["inputs"].get(field)
                if not isinstance(name, str) or not os.path.isfile(os.path.join(self.dirs["input"], name)):
                    errors[node_id] = {"errors": [{"type": "custom_validation_failed", "message": "Custom validation failed for node",
                                                   "details": f"{field} - Invalid image file: {name}",
                                                   "extra_info": {"input_name": field}}],
                                       "dependent_outputs": outputs, "class_type": node["class_type"]}
        if scenario == "node-errors":
            for node_id, node in prompt.items():
                if isinstance(node, dict) and str(node.get("class_type", "")).endswith("Loader"):
                    name_input = next((k for k in node["inputs"] if k.endswith("_name")), "unet_name")
                    value = node["inputs"].get(name_input)
                    errors[node_id] = {"errors": [{"type": "value_not_in_list", "message": "Value not in list",
                                                   "details": f"{name_input}: '{value}' not in []",
                                                   "extra_info": {"input_name": name_input, "received_value": value}}],
                                       "dependent_outputs": outputs, "class_type": node["class_type"]}
                    break
        return errors

    def post_queue(self, request):
        body = request.json()
        self.state["queue_posts"].append(body)
        if body.get("clear"):
            self.pending.clear()
        for prompt_id in body.get("delete", []):
            self.pending = [item for item in self.pending if item[1] != prompt_id]
        return Response(200)

    def post_interrupt(self, request):
        try:
            body = request.json() if request.body else {}
        except ValueError:
            body = {}
        self.state["interrupts"].append(body)
        prompt_id = body.get("prompt_id") if isinstance(body, dict) else None
        if prompt_id is None or (self.running is not None and self.running[1] == prompt_id):
            self.interrupt_requested = True
        return Response(200)

    def view(self, request):
        filename = request.query.get("filename")
        if not filename or filename[0] == "/" or ".." in filename:
            return Response(400)
        folder = self.dirs.get(request.query.get("type", "output"))
        if folder is None:
            return Response(400)
        subfolder = request.query.get("subfolder", "")
        if ".." in subfolder:
            return Response(403)
        path = os.path.join(folder, subfolder, os.path.basename(filename))
        if not os.path.isfile(path):
            return Response(404)
        with open(path, "rb") as handle:
            data = handle.read()
        kinds = {".png": "image/png", ".mp4": "video/mp4", ".webm": "video/webm", ".jpg": "image/jpeg"}
        return Response(200, data, kinds.get(os.path.splitext(path)[1], "application/octet-stream"))

    def upload(self, request):
        if self.max_upload is not None and len(request.body) > self.max_upload:
            # aiohttp's answer past client_max_size (ComfyUI's --max-upload-size).
            return Response(413, f"Maximum request body size {self.max_upload} exceeded, actual body size "
                                 f"{len(request.body)}".encode())
        content_type = request.headers.get("content-type", "")
        if "boundary=" not in content_type:
            return Response(400)
        boundary = content_type.split("boundary=", 1)[1].strip().strip('"').encode("latin-1")
        fields, files = {}, {}
        for part in request.body.split(b"--" + boundary):
            if part in (b"", b"--", b"--\r\n") or part.startswith(b"--"):
                continue
            head, _, data = part.lstrip(b"\r\n").partition(b"\r\n\r\n")
            data = data[:-2] if data.endswith(b"\r\n") else data
            disposition = ""
            for line in head.decode("latin-1").split("\r\n"):
                if line.lower().startswith("content-disposition:"):
                    disposition = line
            params = {}
            for item in disposition.split(";")[1:]:
                name, _, value = item.strip().partition("=")
                params[name] = value.strip('"')
            if "filename" in params:
                files[params.get("name")] = (params["filename"], data)
            else:
                fields[params.get("name")] = data.decode("utf-8")
        if "image" not in files or not files["image"][0]:
            return Response(400)
        upload_type = fields.get("type") or "input"
        folder = self.dirs.get(upload_type)
        subfolder = fields.get("subfolder", "")
        filename, data = files["image"]
        if folder is None or ".." in subfolder or "/" in filename or ".." in filename:
            return Response(400)
        target_dir = os.path.join(folder, subfolder)
        os.makedirs(target_dir, exist_ok=True)
        path = os.path.join(target_dir, filename)
        if fields.get("overwrite") not in ("true", "1"):
            base, ext = os.path.splitext(filename)
            i = 1
            while os.path.exists(path):
                with open(path, "rb") as handle:
                    if handle.read() == data:
                        break
                filename = f"{base} ({i}){ext}"
                path = os.path.join(target_dir, filename)
                i += 1
        with open(path, "wb") as handle:
            handle.write(data)
        self.state["uploads"].append({"name": filename, "subfolder": subfolder, "type": upload_type,
                                      "overwrite": fields.get("overwrite"), "bytes": len(data)})
        return json_response({"name": filename, "subfolder": subfolder, "type": upload_type})

    # ---- execution --------------------------------------------------------------------------

    async def worker(self):
        while True:
            while not self.pending or self.hold:
                self.wakeup.clear()
                await self.wakeup.wait()
            item = self.pending.pop(0)
            self.running = item
            forgotten = await self.execute(item)
            self.running = None
            if forgotten:
                continue
            self.send("status", {"status": self.queue_info()})
            client_id = item[3].get("client_id")
            if client_id is not None:
                self.send("executing", {"node": None, "prompt_id": item[1]}, client_id)

    def order(self, prompt):
        """Nodes in an order where every node comes after the nodes it links to."""
        done, ordered = set(), []
        def visit(node_id):
            if node_id in done or node_id not in prompt:
                return
            done.add(node_id)
            for value in prompt[node_id]["inputs"].values():
                if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str):
                    visit(value[0])
            ordered.append(node_id)
        for node_id in sorted(prompt, key=lambda k: (len(k), k)):
            visit(node_id)
        return ordered

    def shape(self, prompt):
        """The width, height, frame count and rate the workflow asks for, as the model would make them."""
        width, height, frames, fps = 64, 64, 9, 16.0
        classes = {node["class_type"] for node in prompt.values()}
        for node in prompt.values():
            inputs = node["inputs"]
            for key, value in inputs.items():
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    continue
                if key == "width":
                    width = int(value)
                elif key == "height":
                    height = int(value)
                elif key in ("length", "frames", "num_frames"):
                    frames = int(value)
                elif key in ("fps", "frame_rate") and node["class_type"] in OUTPUT_NODES | {"CreateVideo"}:
                    fps = float(value)
        if any(name.startswith("Wan") for name in classes):
            width, height, frames = width // 8 * 8, height // 8 * 8, (frames - 1) // 4 * 4 + 1
        elif any(name.startswith("LTXV") for name in classes):
            width, height, frames = width // 32 * 32, height // 32 * 32, (frames - 1) // 8 * 8 + 1
        return max(16, width), max(16, height), max(1, frames), fps

    async def execute(self, item):
        """Runs one prompt as execution.py does; returns True when the prompt was forgotten (restart)."""
        number, prompt_id, prompt, extra_data, outputs = item
        client_id = extra_data.get("client_id")
        self.client_id = client_id
        self.interrupt_requested = False
        scenario = self.scenario_for(prompt)
        messages = []

        def add_message(event, data, broadcast):
            data = dict(data, timestamp=now_ms())
            messages.append([event, data])
            if client_id is not None or broadcast:
                self.send(event, data, client_id)

        add_message("execution_start", {"prompt_id": prompt_id}, False)
        add_message("execution_cached", {"nodes": [], "prompt_id": prompt_id}, False)
        executed, ui_outputs, success = [], {}, True
        width, height, frames, fps = self.shape(prompt)
        failure = None
        for node_id in self.order(prompt):
            node = prompt[node_id]
            class_type = node["class_type"]
            self.last_node_id = node_id
            self.send("executing", {"node": node_id, "display_node": node_id, "prompt_id": prompt_id}, client_id)
            await asyncio.sleep(0)
            if class_type in SAMPLERS:
                steps = node["inputs"].get("steps", 4)
                steps = steps if isinstance(steps, int) and 0 < steps <= 8 else 4
                if scenario == "slow":
                    steps = 1_000_000
                step = 0
                while step < steps:
                    step += 1
                    if self.interrupt_requested:
                        failure = ("interrupted", node_id, class_type)
                        break
                    if step == 2 and scenario == "execution-error":
                        failure = ("error", node_id, class_type)
                        break
                    if step == 2 and scenario == "restart":
                        await self.restart()
                        self.last_node_id = None
                        return True
                    if step == 2 and scenario in ("drop", "drop-finish"):
                        # The connection is cut; with drop-finish, new WebSocket upgrades wait until the
                        # prompt has finished, so the client finds it in the history.
                        self.hold_websockets = scenario == "drop-finish"
                        for socket in list(self.sockets.values()):
                            socket.abort()
                        self.sockets.clear()
                        await asyncio.sleep(0.4)
                    await asyncio.sleep(self.step_delay)
                    self.send("progress", {"value": step, "max": steps, "prompt_id": prompt_id, "node": node_id}, client_id)
                    self.send("progress_state", {"prompt_id": prompt_id, "nodes": {node_id: {
                        "value": step, "max": steps, "state": "running", "node_id": node_id, "prompt_id": prompt_id,
                        "display_node_id": node_id, "parent_node_id": None, "real_node_id": node_id}}}, client_id)
                    # A default server makes no previews unless the prompt asks (extra_data.preview_method).
                    if client_id is not None and extra_data.get("preview_method") not in (None, "none", "default"):
                        self.send_preview(client_id, step)
                if failure:
                    break
            if class_type in OUTPUT_NODES and scenario != "empty":
                output = self.make_output(class_type, node, width, height, frames, fps)
                ui_outputs[node_id] = output
                self.send("executed", {"node": node_id, "display_node": node_id, "output": output, "prompt_id": prompt_id}, client_id)
            executed.append(node_id)
        if failure and failure[0] == "interrupted":
            success = False
            add_message("execution_interrupted", {"prompt_id": prompt_id, "node_id": failure[1],
                                                  "node_type": failure[2], "executed": executed}, True)
        elif failure:
            success = False
            add_message("execution_error", {
                "prompt_id": prompt_id, "node_id": failure[1], "node_type": failure[2], "executed": executed,
                "exception_message": "Allocation on device 0 would exceed allowed memory. (out of memory)\n"
                                     "Currently allocated     : 23.10 GiB\n\x1b[31mTIPS: If the workflow worked before "
                                     "you might have accidentally set the batch_size to a large number.",
                "exception_type": "torch.OutOfMemoryError",
                "traceback": ["  File \"execution.py\", line 496, in execute\n"],
                "current_inputs": {"seed": [1]}, "current_outputs": []}, False)
        else:
            add_message("execution_success", {"prompt_id": prompt_id}, False)
        self.last_node_id = None
        self.history[prompt_id] = {
            "prompt": [number, prompt_id, prompt, extra_data, outputs],
            "outputs": ui_outputs,
            "status": {"status_str": "success" if success else "error", "completed": success, "messages": messages},
            "meta": {node_id: {"node_id": node_id, "display_node": node_id, "parent_node": None,
                               "real_node_id": node_id} for node_id in ui_outputs},
        }
        self.hold_websockets = False
        return False

    async def restart(self):
        """The process dies (connections reset, port closed), then starts again with empty state."""
        self.state["restarts"] += 1
        self.listener.close()
        for socket in list(self.sockets.values()):
            socket.abort()
        for writer in list(self.connections):
            writer.transport.abort()
        self.sockets.clear()
        self.pending.clear()
        self.history.clear()
        self.running = None
        self.client_id = None
        await asyncio.sleep(0.5)
        await self.start(self.port)

    def make_output(self, class_type, node, width, height, frames, fps):
        kind = self.output_kind
        if kind == "auto":
            kind = "gifs" if class_type in GIF_SAVERS else "frames" if class_type in IMAGE_SAVERS else "video"
        self.counter += 1
        prefix = node["inputs"].get("filename_prefix", "ComfyUI")
        prefix = prefix if isinstance(prefix, str) else "ComfyUI"
        subfolder, _, stem = prefix.rpartition("/")
        folder = os.path.join(self.dirs["output"], subfolder)
        os.makedirs(folder, exist_ok=True)
        if kind == "frames":
            images = []
            for index in range(frames):
                name = f"{stem}_{self.counter:05}_{index:03}_.png"
                with open(os.path.join(folder, name), "wb") as handle:
                    handle.write(png_bytes(width, height, index * 255 // max(1, frames - 1)))
                images.append({"filename": name, "subfolder": subfolder, "type": "output"})
            return {"images": images}
        name = f"{stem}_{self.counter:05}_.mp4"
        run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}", "-frames:v", str(frames),
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
                    os.path.join(folder, name)])
        if kind == "gifs":
            return {"gifs": [{"filename": name, "subfolder": subfolder, "type": "output", "format": "video/h264-mp4",
                              "frame_rate": fps, "workflow": f"{stem}_{self.counter:05}.png",
                              "fullpath": os.path.join(folder, name)}]}
        return {"images": [{"filename": name, "subfolder": subfolder, "type": "output"}], "animated": [True]}


def watch_stdin(loop):
    """Exits the whole process when stdin closes, so a test can never leave the server running."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="success")
    parser.add_argument("--output", default="auto", choices=["auto", "video", "gifs", "frames"])
    parser.add_argument("--token")
    parser.add_argument("--step-delay", type=float, default=0.02)
    parser.add_argument("--no-fragment", action="store_true")
    parser.add_argument("--version", default="0.3.60-fake")
    parser.add_argument("--hold", action="store_true")
    parser.add_argument("--jobs-api", action="store_true")
    parser.add_argument("--strict-prompt-id", action="store_true")
    parser.add_argument("--own-prompt-id", action="store_true")
    parser.add_argument("--max-upload-mb", type=float)
    parser.add_argument("--refuse-websocket", action="store_true")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--missing-nodes")
    parser.add_argument("--missing-models")
    args = parser.parse_args()
    server = FakeComfyUI(args)
    await server.start()
    threading.Thread(target=watch_stdin, args=(asyncio.get_running_loop(),), daemon=True).start()
    print(server.port, flush=True)
    await server.worker()


if __name__ == "__main__":
    asyncio.run(main())
