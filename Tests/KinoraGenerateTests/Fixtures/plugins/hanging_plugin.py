#!/usr/bin/env python3
"""Starts a child in its own process group, notes both process ids, then hangs forever without output.

The ids go to $KINORA_TEST_PID_FILE as "PLUGIN CHILD", so the test can check that the whole group died.
"""

import os
import subprocess
import time

from fixture_protocol import read_request

read_request()
child = subprocess.Popen(["sleep", "600"])
noted = os.environ["KINORA_TEST_PID_FILE"]
with open(noted + ".partial", "w", encoding="utf-8") as file:
    file.write(f"{os.getpid()} {child.pid}")
os.replace(noted + ".partial", noted)
while True:
    time.sleep(60)
