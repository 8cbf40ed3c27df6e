#!/usr/bin/env python3
"""Reports some progress, starts writing the output, then dies with exit status 3 and a traceback."""

import sys

from fixture_protocol import emit, read_request

request = read_request()
emit("progress", frame=1, total=request["frames"])
emit("progress", frame=2, total=request["frames"])
with open(request["output"], "wb") as output:
    output.write(b"\x00\x00\x00\x18ftypisom half a video")
print("Traceback (most recent call last):", file=sys.stderr)
print('  File "model.py", line 12, in denoise', file=sys.stderr)
print("RuntimeError: CUDA out of memory", file=sys.stderr)
sys.exit(3)
