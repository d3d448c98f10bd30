"""Read a YAML agenda into plain data, remembering where every key and value was.

PyYAML's composer is recursive (libyaml's crashes the process on deep
nesting) and its constructor expands aliases blindly, so the data is built
here from the event stream with an explicit stack: nesting depth, alias
expansion and tags are bounded and checked, duplicate keys are refused, and
each value's position and raw text are kept so that later messages can point
at ``LINE:COL`` and YAML 1.1 surprises (``no``, ``07``, bare dates) can be
explained with the text as the clerk wrote it. Nesting is counted on the
parser's events: brackets inside a quoted text or a comment are only text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from livetweet.agenda.yaml_errors import YamlProblem, explain
from livetweet.i18n import _

Path = tuple[str | int, ...]

MAX_DEPTH: Final = 32
MAX_VALUES: Final = 200_000

_TAG = "tag:yaml.org,2002:"
SCALAR_TAGS: Final = frozenset(
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
COLLECTION_TAGS: Final = frozenset({None, "!", _TAG + "map", _TAG + "seq"})

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = Resolver()
_constructor = SafeConstructor()


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """Where a value starts (1-based) and, for scalars, how it was written."""

    line: int
    col: int
    raw: str | None = None  # the scalar's text as written, None for collections
    tag: str | None = None
    plain: bool = False  # an unquoted scalar, subject to YAML 1.1 typing


@dataclass
class Tree:
    """The data, plus value and key positions by path."""

    data: Any = None
    values: dict[Path, NodeInfo] = field(default_factory=dict)
    keys: dict[Path, NodeInfo] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def value_at(self, path: Path) -> NodeInfo:
        """The node at ``path``, or at its longest known prefix."""
        for end in range(len(path), -1, -1):
            info = self.values.get(path[:end])
            if info is not None:
                return info
        return NodeInfo(1, 1)

    def key_at(self, path: Path) -> NodeInfo:
        return self.keys.get(path) or self.value_at(path)

    def resolve(self, loc: tuple[Any, ...]) -> Path:
        """Map a pydantic error location onto the deepest known path.

        pydantic inserts union members (``str``, ``list[str]``) and validator
        names into locations; those are skipped.
        """
        path: Path = ()
        for part in loc:
            candidate = (*path, part)
            if candidate in self.values or candidate in self.keys:
                path = candidate
        return path


class _Abort(Exception):
    """Stop reading: a limit was hit and reported."""


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    weight: int = 1
    anchor: str | None = None
    info: NodeInfo | None = None
    key: str | None = None  # a mapping waiting for the value of this key
    key_info: NodeInfo | None = None
    drop_value: bool = False  # the key was refused; its value is read and dropped


def _short(tag: str | None) -> str:
    return (tag or "").replace(_TAG, "!!")


def _pos(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def read_tree(text: str) -> Tree:
    tree = Tree()
    try:
        _build(text, tree)
    except _Abort:
        tree.data = None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        tree.problems.append(
            YamlProblem(
                line,
                col,
                _("invalid YAML: character U+{code:04X} is not allowed").format(code=exc.character)
                if isinstance(exc.character, int)
                else _("invalid YAML: {reason}").format(reason=exc.reason),
            )
        )
        tree.data = None
    except yaml.MarkedYAMLError as exc:
        tree.problems.append(explain(exc, text, MAX_DEPTH))
        tree.data = None
    except yaml.YAMLError as exc:
        tree.problems.append(YamlProblem(1, 1, _("invalid YAML: {problem}").format(problem=exc)))
        tree.data = None
    return tree


def _scalar_value(event: Any, tree: Tree) -> tuple[Any, NodeInfo]:
    line, col = _pos(event.start_mark)
    tag = event.tag
    plain = not event.style  # libyaml says '' for plain scalars, PyYAML None
    if tag == "!":
        tag = _TAG + "str"
    elif tag is None:
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    info = NodeInfo(line, col, event.value, tag, plain)
    if tag not in SCALAR_TAGS:
        tree.problems.append(
            YamlProblem(line, col, _("tag {tag} is not allowed").format(tag=_short(tag)))
        )
        return None, info
    if tag == _TAG + "str":
        return event.value, info
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return _constructor.yaml_constructors[tag](_constructor, node), info
    except (ValueError, OverflowError, yaml.YAMLError):
        tree.problems.append(
            YamlProblem(
                line,
                col,
                _("invalid value {raw!r}").format(raw=event.value),
                _("write it in quotes if it is text"),
            )
        )
        return None, info


def _build(text: str, tree: Tree) -> None:
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int, NodeInfo]] = {}
    total = 0
    documents = 0

    def attach(value: Any, info: NodeInfo, weight: int, anchor: str | None, new: int = 1) -> None:
        """Place a finished value; ``new`` values are added to the expanded total."""
        nonlocal total
        total += new
        if total > MAX_VALUES:
            tree.problems.append(
                YamlProblem(
                    info.line,
                    info.col,
                    _("the file expands to more than {n} values (aliases?)").format(n=MAX_VALUES),
                )
            )
            raise _Abort
        if anchor is not None:
            anchors[anchor] = (value, weight, info)
        if not stack:
            tree.data = value
            tree.values[()] = info
            return
        parent = stack[-1]
        parent.weight += weight
        if isinstance(parent.container, list):
            path = (*parent.path, len(parent.container))
            parent.container.append(value)
            tree.values.setdefault(path, info)
            return
        if parent.key is None and not parent.drop_value:
            _take_key(parent, value, info, tree)
            return
        if not parent.drop_value and parent.key is not None:
            path = (*parent.path, parent.key)
            parent.container[parent.key] = value
            tree.values.setdefault(path, info)
        parent.key, parent.key_info, parent.drop_value = None, None, False

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                line, col = _pos(event.start_mark)
                tree.problems.append(
                    YamlProblem(line, col, _("only one YAML document is allowed per file"))
                )
                raise _Abort
        elif isinstance(event, yaml.ScalarEvent):
            value, info = _scalar_value(event, tree)
            attach(value, info, 1, event.anchor)
        elif isinstance(event, yaml.AliasEvent):
            line, col = _pos(event.start_mark)
            if event.anchor not in anchors:
                tree.problems.append(
                    YamlProblem(line, col, _("unknown alias *{a}").format(a=event.anchor))
                )
                raise _Abort
            value, weight, anchored = anchors[event.anchor]
            info = NodeInfo(line, col, anchored.raw, anchored.tag, anchored.plain)
            attach(value, info, weight, None, new=weight)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            line, col = _pos(event.start_mark)
            if len(stack) >= MAX_DEPTH:
                tree.problems.append(
                    YamlProblem(
                        line,
                        col,
                        _("values are nested too deeply (more than {n})").format(n=MAX_DEPTH),
                    )
                )
                raise _Abort
            if event.tag not in COLLECTION_TAGS:
                tree.problems.append(
                    YamlProblem(
                        line, col, _("tag {tag} is not allowed").format(tag=_short(event.tag))
                    )
                )
            if stack:
                parent_path = stack[-1].path
                if isinstance(stack[-1].container, list):
                    path: Path = (*parent_path, len(stack[-1].container))
                elif stack[-1].key is not None:
                    path = (*parent_path, stack[-1].key)
                else:
                    path = (*parent_path, "\0")
            else:
                path = ()
            container: dict[str, Any] | list[Any] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            info = NodeInfo(line, col)
            tree.values.setdefault(path, info)
            stack.append(_Frame(container, path, anchor=event.anchor, info=info))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = stack.pop()
            assert frame.info is not None
            attach(frame.container, frame.info, frame.weight, frame.anchor)
    if documents == 0 or tree.data is None:
        tree.problems.append(YamlProblem(1, 1, _("the file is empty")))


def _take_key(parent: _Frame, value: Any, info: NodeInfo, tree: Tree) -> None:
    """``value`` arrives where ``parent`` expects a key: check and remember it."""
    assert isinstance(parent.container, dict)
    if info.raw is None or isinstance(value, dict | list):
        tree.problems.append(YamlProblem(info.line, info.col, _("a key must be a plain name")))
        parent.drop_value = True
        return
    if info.tag == _TAG + "merge":
        tree.problems.append(
            YamlProblem(info.line, info.col, _("merge keys (<<) are not supported"))
        )
        parent.drop_value = True
        return
    key = info.raw
    path = (*parent.path, key)
    if key in parent.container:
        first = tree.keys.get(path)
        where = _(" (first at line {line})").format(line=first.line) if first else ""
        tree.problems.append(
            YamlProblem(info.line, info.col, _("duplicate key {key!r}").format(key=key) + where)
        )
        parent.drop_value = True
        return
    parent.key, parent.key_info = key, info
    tree.keys[path] = info
