"""`livetweet agenda` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("agenda", help="(not yet implemented)")
    parser.set_defaults(func=lambda args: 2)
