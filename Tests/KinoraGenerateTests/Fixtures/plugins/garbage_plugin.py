#!/usr/bin/env python3
"""Prints lines that are not protocol messages (one of them 3 MB long) and exits 0 without a result."""

from fixture_protocol import emit, read_request

request = read_request()
print("Loading checkpoint shards: 100%|##########| 3/3", flush=True)
print("{not json at all", flush=True)
print('{"type": "mystery", "frame": 1}', flush=True)
emit("log", message="warming up")
print('["progress", 1]', flush=True)
print("x" * 3_000_000, flush=True)
emit("log", message="still talking after a 3 MB line")
