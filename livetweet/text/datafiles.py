"""The ``[section]``-headed word lists shipped in ``livetweet/text/data``.

One reader for every such file, so the format (comments with ``#``, one entry
a line, a ``[name]`` line starting each section) is defined once.
"""

from __future__ import annotations

from importlib import resources


def read_sections(filename: str, names: tuple[str, ...]) -> dict[str, list[str]]:
    """The entries of each section of ``data/filename``; unknown sections are an error."""
    sections: dict[str, list[str]] = {name: [] for name in names}
    current: list[str] | None = None
    text = resources.files("livetweet.text").joinpath(f"data/{filename}").read_text("utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections[line.strip("[]")]
        elif current is not None:
            current.append(line)
    return sections
