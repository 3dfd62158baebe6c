"""Strict YAML reading that keeps every scalar as its source text and position.

PyYAML's own typing is wrong for ledger data (`NO` becomes False, `010` becomes 8,
money becomes float), so we read libyaml's events and build plain dicts, lists
and strings ourselves; the model does all typing. Events rather than composed
nodes, because events carry anchors and tags (which we reject) and are cheaper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .safefile import MAX_FILE_BYTES as MAX_BYTES  # one limit, checked before reading
from .safefile import unmark

try:  # the C parser is about 9x faster; fall back where a build lacks libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 40
MAX_NODES = 200_000
POS_KEY = "__pos__"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_YAML11_BOOLS = frozenset(
    "y Y yes Yes YES n N no No NO on On ON off Off OFF".split()
)
_AMBIGUOUS = re.compile(
    r"""^(?:[-+]?0[0-9_]+              # 010: octal in YAML 1.1
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?   # 1:30: base 60
        |[-+]?[0-9]+(?:_[0-9]+)+(?:\.[0-9_]*)?)$           # 1_000: underscores
    """,
    re.VERBOSE,
)


class MapNode(dict):
    """A YAML mapping: a dict of its values, remembering where each key stood."""

    __slots__ = ("pos", "key_pos")

    def __init__(self, pos: tuple[int, int]) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, tuple[int, int]] = {}


class SeqNode(list):
    """A YAML sequence: a list of its items, remembering where each item stood."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: tuple[int, int]) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[tuple[int, int]] = []


@dataclass(frozen=True, slots=True)
class Problem:
    """A structural problem found while reading; becomes a Finding with the file's path."""

    rule: str
    line: int
    col: int
    message: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    root: object  # MapNode, SeqNode, str or None
    problems: tuple[Problem, ...]


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _check_bytes(data: bytes) -> Problem | None:
    refused = unmark(data)
    if refused:
        hint = {"S019": "replace the link with the file itself", "S020": "rename the file",
                "S006": "split it: one receivable per file"}.get(refused[0], "")
        return Problem(refused[0], 1, 1, refused[1], hint)
    if len(data) > MAX_BYTES:
        return Problem("S006", 1, 1, f"file is {len(data):,} bytes, above the limit of {MAX_BYTES:,}",
                       "split it: one receivable per file")
    if data.startswith(b"\xef\xbb\xbf"):
        return Problem("S002", 1, 1, "file starts with a byte order mark (BOM)",
                       "save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return Problem("S002", line, col, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                       "save the file as UTF-8; GBK text from Excel must be converted")
    if "\t" in text:
        for number, line_text in enumerate(text.splitlines(), 1):
            indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
            if "\t" in indent:
                return Problem("S014", number, indent.index("\t") + 1,
                               "tab character in indentation", "indent with spaces only")
    return None


def read_yaml(data: bytes) -> Document:
    """Parse one file's bytes; never raises for bad input, returns problems instead."""
    problem = _check_bytes(data)
    if problem:
        return Document(None, (problem,))
    problems: list[Problem] = []
    try:
        root = _build(_Loader(data), problems)
    except _Abort:
        return Document(None, tuple(problems))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if "maximum nesting depth" in message:  # libyaml ≥ 0.2.5 stops deep nesting itself
            return Document(None, (Problem("S006", line, col, f"nesting deeper than {MAX_DEPTH} levels"),))
        return Document(None, (Problem("S001", line, col, f"YAML syntax: {message}"),))
    except yaml.reader.ReaderError as exc:  # a control character: no mark, only an offset
        line, col = _offset_pos(data, exc.position)
        char = f"0x{exc.character:02x}" if isinstance(exc.character, int) else repr(exc.character)
        return Document(None, (Problem("S001", line, col, f"YAML syntax: control character "
                                       f"{char} is not allowed",
                                       "remove it; write a real line break or quote the text"),))
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError) as exc:
        return Document(None, (Problem("S001", 1, 1, f"YAML syntax: {exc}"),))
    return Document(root, tuple(problems))


def _offset_pos(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column of a reader error: libyaml counts bytes, the pure-Python reader characters."""
    text = data.decode("utf-8")
    prefix = data[:offset].decode("utf-8", "ignore") if _Loader is not yaml.SafeLoader else text[:offset]
    return prefix.count("\n") + 1, len(prefix) - (prefix.rfind("\n") + 1) + 1


class _Abort(Exception):
    """Stop reading a file whose structure cannot be trusted (alias, too deep)."""


def _build(loader, problems: list[Problem]) -> object:  # type: ignore[no-untyped-def]
    """Turn libyaml events into MapNode/SeqNode/str/None, checking as we go.

    The hot loop of a cold check (one pass per file, a few hundred events each), so the
    common case, a plain scalar in a mapping, is handled inline.
    """
    get_event = loader.get_event
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    nulls, bools, ambiguous = _NULLS, _YAML11_BOOLS, _AMBIGUOUS.match
    stack: list[list] = []  # frames: [container, pending key and its position]
    root: object = None
    documents = 0
    count = 0
    try:
        while (event := get_event()) is not None:
            kind = type(event)
            count += 1
            if count > MAX_NODES:
                problems.append(Problem("S006", 1, 1, f"more than {MAX_NODES:,} YAML nodes in one file"))
                raise _Abort
            if kind is scalar_event:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                if event.anchor is not None or event.tag is not None:
                    _reject_anchor_or_tag(event, pos, problems)
                plain = not event.style
                value = event.value
                if plain and value in nulls:
                    value = None
                if not stack:
                    root = value
                    continue
                frame = stack[-1]
                container = frame[0]
                key = frame[1]
                if key is None and type(container) is MapNode:  # a key
                    if plain and value is None:
                        problems.append(Problem("S001", *pos, "mapping keys must be plain text"))
                        frame[1] = ("", pos)
                        continue
                    if value == "<<" and plain:
                        problems.append(Problem("S005", *pos, "merge keys (<<) are not allowed",
                                                "write the keys out in full"))
                    frame[1] = (value, pos)
                    continue
                if type(container) is SeqNode:
                    container.append(value)
                    container.item_pos.append(pos)
                else:
                    name, key_pos = key
                    frame[1] = None
                    if name in container.key_pos or name == POS_KEY:
                        problems.append(Problem("S004", *key_pos, f"duplicate key `{name}`",
                                                f"the first is on line {container.key_pos.get(name, key_pos)[0]}"))
                        continue
                    container[name] = value
                    container.key_pos[name] = key_pos
                if plain and value is not None and (value in bools or ambiguous(value)):
                    _check_ambiguous(value, pos, plain, problems)
            elif kind is mapping_start or kind is sequence_start:
                pos = _pos(event.start_mark)
                _reject_anchor_or_tag(event, pos, problems)
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem("S006", *pos, f"nesting deeper than {MAX_DEPTH} levels"))
                    raise _Abort
                node = MapNode(pos) if kind is mapping_start else SeqNode(pos)
                if kind is mapping_start:
                    dict.__setitem__(node, POS_KEY, pos)
                _attach(stack, node, pos, problems, plain=False)
                stack.append([node, None])
            elif kind in ends:
                node = stack.pop()[0]
                if not stack:
                    root = node
            elif kind is yaml.AliasEvent:
                problems.append(Problem("S005", *_pos(event.start_mark),
                                        f"alias *{event.anchor}: anchors and aliases are not allowed",
                                        "write the value out in full"))
                raise _Abort
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(Problem("S001", *_pos(event.start_mark),
                                            "more than one YAML document in the file"))
                    raise _Abort
    finally:
        loader.dispose()
    return root


def _attach(stack: list[list], node: object, pos: tuple[int, int],
            problems: list[Problem], plain: bool) -> None:
    if not stack:
        return
    frame = stack[-1]
    container = frame[0]
    if isinstance(container, SeqNode):
        container.append(node)
        container.item_pos.append(pos)
        _check_ambiguous(node, pos, plain, problems)
        return
    key = frame[1]
    if key is None:  # this node is a key
        if not isinstance(node, str):
            problems.append(Problem("S001", *pos, "mapping keys must be plain text"))
            frame[1] = ("", pos)
            return
        if node == "<<" and plain:
            problems.append(Problem("S005", *pos, "merge keys (<<) are not allowed",
                                    "write the keys out in full"))
        frame[1] = (node, pos)
        return
    name, key_pos = key
    frame[1] = None
    if name in container.key_pos or name == POS_KEY:
        problems.append(Problem("S004", *key_pos, f"duplicate key `{name}`",
                                f"the first is on line {container.key_pos.get(name, key_pos)[0]}"))
        return
    container[name] = node
    container.key_pos[name] = key_pos
    _check_ambiguous(node, pos, plain, problems)


def _check_ambiguous(node: object, pos: tuple[int, int], plain: bool,
                     problems: list[Problem]) -> None:
    if plain and isinstance(node, str) and (node in _YAML11_BOOLS or _AMBIGUOUS.match(node)):
        # the value is not quoted back: it may be private (an account number like 0123)
        problems.append(Problem("S013", *pos,
                                "未加引号的值会被 YAML 1.1 工具误读 / this unquoted value is read "
                                "differently by YAML 1.1 tools (boolean, octal or base 60)",
                                "put it in double quotes"))


def _reject_anchor_or_tag(event, pos: tuple[int, int], problems: list[Problem]) -> None:
    if event.anchor is not None:
        problems.append(Problem("S005", *pos, f"anchor &{event.anchor}: anchors and aliases are not allowed",
                                "write the value out in full"))
    if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
        problems.append(Problem("S005", *pos, f"explicit tag {event.tag} is not allowed",
                                "remove the tag; quote the value if it must stay text"))


def locate(root: object, loc: tuple) -> tuple[int, int]:
    """Position of the key or item that a validation error's `loc` points at."""
    node = root
    best = getattr(root, "pos", (1, 1))
    for part in loc:
        if isinstance(node, MapNode) and isinstance(part, str) and part in node.key_pos:
            best = node.key_pos[part]
            node = node[part]
        elif isinstance(node, SeqNode) and isinstance(part, int) and 0 <= part < len(node):
            best = node.item_pos[part]
            node = node[part]
        # other parts (union tags such as 'payment') name no YAML node: skip them
    return best


def plain_data(node: object) -> object:
    """The node as plain JSON-like data with YAML 1.2 core typing (for JSON Schema checks)."""
    if isinstance(node, MapNode):
        return {k: plain_data(v) for k, v in node.items() if k != POS_KEY}
    if isinstance(node, SeqNode):
        return [plain_data(v) for v in node]
    return node
