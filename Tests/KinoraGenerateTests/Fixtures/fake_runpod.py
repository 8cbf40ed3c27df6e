#!/usr/bin/env python3
"""A fake RunPod serverless endpoint running worker-comfyui, for Kinora's tests (standard library only).

It follows RunPod's documented queue-based endpoint API (docs.runpod.io, serverless/endpoints/
operation-reference.mdx and send-requests.mdx of github.com/runpod/docs) and the input/output contract
of worker-comfyui 5.x (README.md and handler.py of github.com/runpod-workers/worker-comfyui), with
the job result shaped as the runpod-python SDK reports a handler's return value (rp_job.py: a
returned {"error": ...} makes the job FAILED with that `error`, the rest of the dict as `output`):

    POST /v2/{endpoint}/run           {"input": {"workflow": {...API format...}, "images": [{"name",
                                      "image": base64}]}, "policy": {"executionTimeout": ms}}
                                      -> {"id": "...", "status": "IN_QUEUE"}; a body over 10 MB -> 413
    GET  /v2/{endpoint}/status/{id}   (POST too) -> {"id", "status": IN_QUEUE | IN_PROGRESS | COMPLETED |
                                      FAILED | CANCELLED | TIMED_OUT, "delayTime", "executionTime",
                                      "output": {"images": [{"filename", "type": "base64" | "s3_url",
                                      "data"}]} | "error": "..."}; an unknown id -> 404
    POST /v2/{endpoint}/cancel/{id}   -> {"id", "status": "CANCELLED"}
    GET  /v2/{endpoint}/health        -> {"jobs": {...}, "workers": {"idle", "running", "initializing"}}
    Every route wants "Authorization: Bearer KEY" when --token is given (401 otherwise).
    Rate limits answer 429 Too Many Requests, with or without Retry-After.

Like the worker, it checks the workflow is in ComfyUI's API format (node id -> {"class_type",
"inputs"}, not the UI's {"nodes", "links"}), and that every LoadImage / LoadVideo / VHS_LoadVideo input
names a picture sent in input.images (decoded from base64): otherwise the job FAILS with the error
text ComfyUI's validation gives. Its output is a real small H.264 MP4 (SaveVideo/SaveWEBM, listed
under the video's file name) or PNG frames (SaveImage), made with ffmpeg at the workflow's size.

Not RunPod: GET /s3/{name} serves outputs when --delivery s3 (the worker's S3 upload); GET
/kinora-test/state tells what the endpoint received (run calls, inputs, cancels, status polls,
authorization headers); POST /kinora-test/forget forgets every job (as when its TTL runs out); POST
/kinora-test/release lets queued jobs start (a worker came up); POST /kinora-test/outage makes every API
request answer 503 until POST /kinora-test/outage-end.

Scenarios (--scenario): success (default), cold-start (IN_QUEUE for --queue-polls polls, workers
initializing), failed (FAILED with an error holding terminal escape sequences), slow (IN_PROGRESS until
cancelled), timed-out (TIMED_OUT), empty (COMPLETED with no images). --rate-limit N answers the first
N requests to /run and to /status with 429 (with "Retry-After: S" when --retry-after S is given).
--output video|frames overrides the output kind; --delivery base64|s3; --run-delay S answers /run
S seconds after the job was made.

The port is printed on the first line of stdout; the server exits when stdin closes.
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAYLOAD_LIMIT = 10 * 1024 * 1024
LOADERS = {"LoadImage": "image", "LoadVideo": "file", "VHS_LoadVideo": "video"}
VIDEO_SAVERS = {"SaveVideo", "SaveWEBM"}
IMAGE_SAVERS = {"SaveImage"}


class Endpoint:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.jobs = {}
        self.folder = tempfile.mkdtemp(prefix="fake-runpod-")
        self.state = {"run_calls": 0, "inputs": [], "policies": [], "cancels": [], "status_polls": 0,
                      "health_calls": 0, "authorization": [], "rate_limited": 0, "s3_downloads": 0}
        self.limited = {"run": 0, "status": 0}

    # The job's life, as the status polls see it.
    def advance(self, job):
        job["polls"] += 1
        if job["status"] in ("COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"):
            return
        scenario = self.args.scenario
        queue_polls = self.args.queue_polls if scenario == "cold-start" else 0
        if job["polls"] <= queue_polls:
            job["status"] = "IN_QUEUE"
            return
        if job["started"] is None:
            job["started"] = time.time()
            job["status"] = "IN_PROGRESS"
            return
        if scenario == "slow":
            return
        if job.get("failure"):
            job.update(status="FAILED", error=job["failure"])
        elif scenario == "failed":
            job.update(status="FAILED",
                       error="Workflow execution error: \x1b[31mCUDA out of memory\x1b[0m\x07 in node 3",
                       output={"details": ["Node 3 (KSampler): \x1b]0;owned\x07allocation failed"]})
        elif scenario == "timed-out":
            job["status"] = "TIMED_OUT"
        elif scenario == "empty":
            job.update(status="COMPLETED", output={"images": [], "status": "success_no_images"})
        else:
            job.update(status="COMPLETED", output={"images": self.make_output(job)})
        job["finished"] = time.time()

    def make_output(self, job):
        workflow = job["workflow"]
        saver = next((node for node in workflow.values() if node["class_type"] in VIDEO_SAVERS | IMAGE_SAVERS),
                     None)
        kind = self.args.output
        if kind == "auto":
            kind = "frames" if saver and saver["class_type"] in IMAGE_SAVERS else "video"
        width, height, frames, fps = shape(workflow)
        files = []
        if kind == "frames":
            for index in range(frames):
                name = f"ComfyUI_{index + 1:05}_.png"
                path = os.path.join(self.folder, f"{job['id']}-{name}")
                run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}", "-frames:v", "1", path])
                files.append((name, path))
        else:
            name = "ComfyUI_00001_.mp4"
            path = os.path.join(self.folder, f"{job['id']}-{name}")
            run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}", "-frames:v",
                        str(frames), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path])
            files.append((name, path))
        images = []
        for name, path in files:
            if self.args.delivery == "s3":
                data = f"http://127.0.0.1:{self.port}/s3/{os.path.basename(path)}?X-Amz-Signature=abc"
                images.append({"filename": name, "type": "s3_url", "data": data})
            else:
                with open(path, "rb") as handle:
                    images.append({"filename": name, "type": "base64",
                                   "data": base64.b64encode(handle.read()).decode()})
        return images

    def answer(self, job):
        body = {"id": job["id"], "status": job["status"],
                "delayTime": int(((job["started"] or time.time()) - job["submitted"]) * 1000)}
        if job["started"] is not None:
            body["executionTime"] = int(((job.get("finished") or time.time()) - job["started"]) * 1000)
        if "output" in job:
            body["output"] = job["output"]
        if "error" in job:
            body["error"] = job["error"]
        return body


def shape(workflow):
    """The width, height, frame count and rate the workflow asks for."""
    width, height, frames, fps = 64, 64, 9, 16.0
    for node in workflow.values():
        for key, value in node.get("inputs", {}).items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if key == "width":
                width = int(value)
            elif key == "height":
                height = int(value)
            elif key in ("length", "frames", "num_frames"):
                frames = int(value)
            elif key in ("fps", "frame_rate"):
                fps = float(value)
    return max(16, width // 2 * 2), max(16, height // 2 * 2), max(1, frames), fps


def run_ffmpeg(arguments):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments, check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def check_input(body):
    """What worker-comfyui and ComfyUI would refuse in a job's input: None when it is fine."""
    job_input = body.get("input")
    if not isinstance(job_input, dict):
        return "Please provide input"
    workflow = job_input.get("workflow")
    if workflow is None:
        return "Missing 'workflow' parameter"
    if not isinstance(workflow, dict) or "nodes" in workflow or not all(
            isinstance(node, dict) and "class_type" in node and isinstance(node.get("inputs"), dict)
            for node in workflow.values()):
        return "Invalid prompt: the workflow is not in API format (export it with 'Export (API)')"
    images = job_input.get("images") or []
    if not isinstance(images, list) or not all(isinstance(i, dict) and "name" in i and "image" in i for i in images):
        return "'images' must be a list of objects with 'name' and 'image' keys"
    names = set()
    for image in images:
        data = image["image"].split(",", 1)[1] if image["image"].startswith("data:") else image["image"]
        try:
            if not base64.b64decode(data, validate=True):
                raise ValueError("empty")
        except Exception as error:
            return f"Error decoding base64 for {image['name']}: {error}"
        names.add(image["name"])
    for node_id, node in workflow.items():
        key = LOADERS.get(node["class_type"])
        if key and node["inputs"].get(key) not in names:
            return (f"Workflow validation failed: Node {node_id} ({node['class_type']}): Invalid image file: "
                    f"{node['inputs'].get(key)}")
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    endpoint: Endpoint = None

    def log_message(self, *args):
        pass

    def send_json(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        endpoint = self.endpoint
        path = self.path.split("?", 1)[0]
        body = self.read_body() if method == "POST" else b""
        if path == "/kinora-test/state":
            with endpoint.lock:
                return self.send_json(200, endpoint.state)
        if path == "/kinora-test/forget":
            with endpoint.lock:
                endpoint.jobs.clear()
            return self.send_json(200, {})
        if path == "/kinora-test/release":
            endpoint.args.queue_polls = 0
            return self.send_json(200, {})
        if path in ("/kinora-test/outage", "/kinora-test/outage-end"):
            # A gateway in front of the endpoint fails for a while: every API request answers 503.
            endpoint.outage = path == "/kinora-test/outage"
            return self.send_json(200, {})
        if getattr(endpoint, "outage", False) and path.startswith("/v2/"):
            return self.send_json(503, {"error": "upstream unavailable"})
        if path.startswith("/s3/"):
            file = os.path.join(endpoint.folder, os.path.basename(path))
            if not os.path.exists(file):
                return self.send_json(404, {"error": "NoSuchKey"})
            with endpoint.lock:
                endpoint.state["s3_downloads"] += 1
            with open(file, "rb") as handle:
                data = handle.read()
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return self.wfile.write(data)
        parts = path.strip("/").split("/")
        if len(parts) < 3 or parts[0] != "v2" or parts[1] != endpoint.args.endpoint_id:
            return self.send_json(404, {"error": "endpoint not found"})
        with endpoint.lock:
            endpoint.state["authorization"].append(self.headers.get("Authorization"))
        if endpoint.args.token and self.headers.get("Authorization") != f"Bearer {endpoint.args.token}":
            return self.send_json(401, {"error": "Unauthorized"})
        operation, rest = parts[2], parts[3:]
        if operation in ("run", "status") and endpoint.limited[operation] < endpoint.args.rate_limit:
            with endpoint.lock:
                endpoint.limited[operation] += 1
                endpoint.state["rate_limited"] += 1
            headers = [("Retry-After", endpoint.args.retry_after)] if endpoint.args.retry_after else []
            return self.send_json(429, {"error": "Too Many Requests"}, headers)
        if operation == "run" and method == "POST":
            return self.run_job(body)
        if operation == "status" and len(rest) == 1:
            with endpoint.lock:
                endpoint.state["status_polls"] += 1
                job = endpoint.jobs.get(rest[0])
                if job is None:
                    return self.send_json(404, {"error": "request does not exist"})
            # The work runs outside the lock: ffmpeg may take a moment.
            endpoint.advance(job)
            return self.send_json(200, endpoint.answer(job))
        if operation == "cancel" and len(rest) == 1 and method == "POST":
            with endpoint.lock:
                endpoint.state["cancels"].append(rest[0])
                job = endpoint.jobs.get(rest[0])
                if job is None:
                    return self.send_json(404, {"error": "request does not exist"})
                if job["status"] in ("IN_QUEUE", "IN_PROGRESS"):
                    job["status"] = "CANCELLED"
                return self.send_json(200, {"id": job["id"], "status": job["status"]})
        if operation == "health" and method == "GET":
            with endpoint.lock:
                endpoint.state["health_calls"] += 1
                count = lambda status: sum(1 for job in endpoint.jobs.values() if job["status"] == status)
                queued, running = count("IN_QUEUE"), count("IN_PROGRESS")
                completed, failed = count("COMPLETED"), count("FAILED")
            cold = endpoint.args.scenario == "cold-start"
            return self.send_json(200, {
                "jobs": {"completed": completed, "failed": failed, "inProgress": running, "inQueue": queued,
                         "retried": 0},
                "workers": {"idle": 0, "running": running, "initializing": 1 if cold else 0}})
        return self.send_json(404, {"error": "not found"})

    def run_job(self, body):
        endpoint = self.endpoint
        if len(body) > PAYLOAD_LIMIT:
            return self.send_json(413, {"error": "payload too large"})
        try:
            request = json.loads(body)
        except ValueError:
            return self.send_json(400, {"error": "invalid JSON"})
        job_id = f"{uuid.uuid4()}-u1"
        job = {"id": job_id, "status": "IN_QUEUE", "polls": 0, "submitted": time.time(), "started": None,
               "workflow": {}}
        failure = check_input(request)
        if failure:
            job["failure"] = failure
        else:
            job["workflow"] = request["input"]["workflow"]
        with endpoint.lock:
            endpoint.state["run_calls"] += 1
            images = request.get("input", {}).get("images") or []
            endpoint.state["inputs"].append({
                "workflow": request.get("input", {}).get("workflow"),
                "image_names": [image.get("name") for image in images if isinstance(image, dict)],
                "failure": failure})
            endpoint.state["policies"].append(request.get("policy"))
            endpoint.jobs[job_id] = job
        # A slow answer: the job exists before the client hears of it.
        time.sleep(endpoint.args.run_delay)
        return self.send_json(200, {"id": job_id, "status": "IN_QUEUE"})


def watch_stdin():
    """Exits the whole process when stdin closes, so a test can never leave the server running."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--endpoint-id", default="kinora-test")
    parser.add_argument("--scenario", default="success",
                        choices=["success", "cold-start", "failed", "slow", "timed-out", "empty"])
    parser.add_argument("--queue-polls", type=int, default=4)
    parser.add_argument("--rate-limit", type=int, default=0)
    parser.add_argument("--retry-after")
    parser.add_argument("--output", default="auto", choices=["auto", "video", "frames"])
    parser.add_argument("--delivery", default="base64", choices=["base64", "s3"])
    parser.add_argument("--token")
    parser.add_argument("--run-delay", type=float, default=0)
    args = parser.parse_args()
    endpoint = Endpoint(args)
    Handler.endpoint = endpoint
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    endpoint.port = server.server_address[1]
    threading.Thread(target=watch_stdin, daemon=True).start()
    print(endpoint.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
