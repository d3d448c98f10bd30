"""Regular-expression alternations of thousands of literal words, as tries.

A flat alternation of 1,500 TLDs or 2,700 emoji sequences costs one comparison
per branch wherever it is tried; a trie costs one per character.
"""

from __future__ import annotations

import re
from typing import Any


def trie_pattern(words: list[str]) -> str:
    """A non-capturing pattern matching any of ``words``, the longest first."""
    trie: dict[str, dict[str, Any]] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return "(?:" + _node_pattern(trie) + ")"


def _node_pattern(node: dict[str, dict[str, Any]]) -> str:
    branches = [re.escape(char) + _node_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy: the longer word is tried first, the shorter one on backtracking.
    return f"(?:{body})?" if "" in node else body
