"""Text from files and the network never reaches the terminal as control sequences."""

from __future__ import annotations

from livetweet.text.display import control_characters, terminal_safe


def test_escape_sequences_are_shown_not_sent() -> None:
    hostile = "Budget\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b31m"
    shown = terminal_safe(hostile)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown.startswith("Budget␛]52;c;")


def test_newlines_and_tabs_kept_unless_asked() -> None:
    assert terminal_safe("a\n\tb") == "a\n\tb"
    assert terminal_safe("a\nb\rc", keep_newlines=False) == "a␊b␍c"


def test_bidirectional_override_is_made_visible() -> None:
    assert terminal_safe("12\u202e3") == "12<U+202E>3"
    assert control_characters("12\u202e3") == [(2, "\u202e")]


def test_plain_french_text_is_untouched() -> None:
    text = "Tarifs 2027 : piscine\u00a0! #CMVilleneuve 👩🏽‍💻"
    assert terminal_safe(text) is text
    assert control_characters(text) == []
    assert control_characters("ligne 1\nligne 2", allow_newlines=True) == []
