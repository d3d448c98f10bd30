"""The TUI tests, a package (``tui``) so that mypy sees their conftest as ``tui.conftest``,
not as a second top-level ``conftest`` beside tests/conftest.py."""
