#!/usr/bin/env python3
"""Gives up with an error message full of terminal escape sequences (clear screen, retitle, colours, bell)."""

import sys

from fixture_protocol import emit, read_request

read_request()
print("\x1b]0;stderr title\x07\x1b[2J", file=sys.stderr)
emit(
    "error",
    message="\x1b[2J\x1b[H\x1b]0;owned\x07GPU \x1b[31mout of memory\x1b[0m\x9b1m\r\n" + "details " * 200,
)
sys.exit(1)
