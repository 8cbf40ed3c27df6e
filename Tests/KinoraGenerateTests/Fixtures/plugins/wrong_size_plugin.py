#!/usr/bin/env python3
"""Writes a real video of the right length at half the requested size, and reports it as the result."""

import subprocess

from fixture_protocol import emit, read_request

request = read_request()
size = f"{request['width'] // 2}x{request['height'] // 2}"
subprocess.run(
    ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=24",
     "-frames:v", str(request["frames"]), "-pix_fmt", "yuv420p", "-f", "mp4", request["output"]],
    check=True,
)
emit("progress", frame=request["frames"], total=request["frames"])
emit("result", output=request["output"], frames=request["frames"])
