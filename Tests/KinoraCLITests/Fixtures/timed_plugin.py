#!/usr/bin/env python3
"""A Kinora plug-in that takes a fixed time per take, for the test that measures how busy a pool is.

argv: timed_plugin.py LOG SECONDS. Appends "start end" (wall-clock seconds) to LOG for each take.
"""
import json
import os
import subprocess
import sys
import time


def process_start() -> float:
    """When this process began (from /proc), so the interpreter's own start-up counts as busy time."""
    with open("/proc/self/stat") as handle:
        ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as handle:
        uptime = float(handle.read().split()[0])
    return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")


started = process_start()
log, seconds = sys.argv[1], float(sys.argv[2])
request = json.load(sys.stdin)
frames, fps = request["frames"], request["fps"]
subprocess.run(
    ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
     f"color=c=gray:s={request['width']}x{request['height']}:r={fps}", "-frames:v", str(frames),
     "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-f", "mp4", request["output"]],
    check=True)
time.sleep(max(0.0, seconds - (time.time() - started)))
with open(log, "a") as handle:
    handle.write(f"{started} {time.time()}\n")
print(json.dumps({"type": "result", "output": request["output"], "frames": frames}), flush=True)
