"""What the misbehaving test plug-ins share: reading Kinora's request and writing protocol messages.

Each plug-in saves the request it was given to $KINORA_TEST_REQUEST_FILE when that is set, so the
tests can check what Kinora sent.
"""

import json
import os
import sys


def read_request():
    """The request from stdin, also saved for the test when it asks."""
    text = sys.stdin.read()
    saved = os.environ.get("KINORA_TEST_REQUEST_FILE")
    if saved:
        with open(saved + ".partial", "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(saved + ".partial", saved)
    return json.loads(text)


def emit(kind, **fields):
    """One protocol message on one line, flushed."""
    sys.stdout.write(json.dumps({"type": kind, **fields}) + "\n")
    sys.stdout.flush()
