"""``python -m tests.fakemastodon --port 0 --state FILE``: run the fake as a process.

Prints its base URL on the first line of stdout, then serves until killed.
Statuses persist in FILE (JSON), so a test can inspect them after killing clients.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from .server import FakeMastodon


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakemastodon")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--state", type=Path, default=None)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--max-characters", type=int, default=500)
    args = parser.parse_args()
    server = FakeMastodon(
        port=args.port,
        state_path=args.state,
        latency=args.latency,
        max_characters=args.max_characters,
    )
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    with server:
        print(server.url, flush=True)
        done.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
