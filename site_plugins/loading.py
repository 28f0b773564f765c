"""Safe, bounded YAML loading with source positions on demand.

Contributor files are untrusted input. We drive LibYAML's event parser ourselves instead of using a
Loader: it never recurses (so absurd nesting cannot crash us), it never constructs objects from tags, and
it lets us bound alias expansion and count depth as we go. Values follow the YAML 1.2 core schema, the
one editors use, so ``yes`` stays text and dates stay strings for JSON Schema to check.

Positions are not recorded during the fast pass: ``locate`` re-reads a file only when there is a problem
to report, which keeps the common case (a valid file) as cheap as the parser allows.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
import yaml.parser
import yaml.reader
import yaml.scanner

from .safe_text import character_name


class _PurePythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own parser (no C): slower, but with no nesting limit of its own (see ``_Builder.build``)."""

    def __init__(self, stream: Any) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


try:  # LibYAML is bundled with PyYAML wheels; the pure-Python parser is a slow but correct fallback.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    _Parser = _PurePythonParser  # type: ignore[misc,assignment]


MAX_BYTES = 1024 * 1024
# What the values add up to once every alias is replaced by what it repeats: the same limit as the file.
MAX_EXPANDED_BYTES = MAX_BYTES
MAX_DEPTH = 50
MAX_ALIASES = 100
MAX_NODES = 100_000

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")} | {"!"}
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


class LoadError(Exception):
    """A file that cannot be read as one safe YAML document; carries a 1-based position."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Position:
    line: int
    column: int


def read_text(path: Path) -> bytes:
    """Read a file's bytes, refusing what no contributor meant to write (huge, binary, not UTF-8).

    Opened without blocking and checked to be a regular file before anything is read: a FIFO or a device
    under a catalog name is refused instead of waiting forever or reading without end."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror or exc}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError("this is not a regular file, so it is not read. Catalog files are plain text files.")
        if info.st_size > MAX_BYTES:
            raise LoadError(
                f"the file is {info.st_size / 1048576:.1f} MiB; catalog files may be at most 1 MiB. "
                "Split it or remove pasted content."
            )
        chunks = []
        left = MAX_BYTES + 1  # a file that grows while it is read is still bounded
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_BYTES:
        raise LoadError("the file is larger than 1 MiB; catalog files may be at most 1 MiB. Split it or remove "
                        "pasted content.")
    check_bytes(data)
    return data


def check_bytes(data: bytes) -> None:
    if not data.strip():
        raise LoadError("the file is empty. Start from `credcat new ID` or copy an existing credential.")
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(
            "the file starts with a byte-order mark (an invisible character some editors add). "
            "Save it as UTF-8 without BOM."
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _offset_position(data, nul)
        raise LoadError("the file is not text (it contains a NUL byte). Catalog files must be UTF-8 text.", line, col)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _offset_position(data, exc.start)
        raise LoadError(
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}). Save it with UTF-8 encoding.", line, col
        ) from None
    control = _RAW_CONTROL.search(data)
    if control:
        line, col = _offset_position(data, control.start())
        char = data[control.start():control.end()].decode("utf-8")
        raise LoadError(f"the file contains {character_name(char)}, which catalog files may not hold (only tabs and "
                        "line breaks are allowed among control characters); delete it.", line, col)


# Control characters other than tab, line feed and carriage return (CRLF line ends are fine), C1 controls
# and the two non-characters XML refuses, as UTF-8 bytes (the file decoded as UTF-8 already).
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")


def _offset_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def load_file(path: Path) -> Any:
    """Load one catalog file into plain JSON types (dict, list, str, int, float, bool, None)."""
    return load_bytes(read_text(path))


def load_bytes(data: bytes) -> Any:
    check_bytes(data)
    return _Builder().build(data)


def _scalar(event: yaml.ScalarEvent, is_key: bool) -> Any:
    tag, value = event.tag, event.value
    if tag is not None and tag not in _ALLOWED_TAGS:
        raise _error(
            f"the tag {tag} is not allowed here; catalog files hold plain text, numbers, lists and "
            "mappings only. Remove the tag.",
            event,
        )
    # Keys stay as written (so "7.10" is not read as 7.1); quoted or !!str values stay text.
    if is_key or tag in (f"{_CORE}str", "!") or (tag is None and not event.implicit[0]):
        return value
    if tag is None and value and value[0] not in _MAYBE_NOT_TEXT:
        return value  # most plain scalars are text: skip the number and keyword patterns
    if tag == f"{_CORE}null" or (tag is None and _NULL.match(value)):
        return None
    if tag == f"{_CORE}bool" or (tag is None and value in _BOOL):
        if value in _BOOL:
            return _BOOL[value]
        raise _error(f"'{value}' is not true or false.", event)
    if len(value) > 40 and (_INT.match(value) or _OCT.match(value) or _HEX.match(value) or _FLOAT.match(value)):
        # Python refuses to convert integers of thousands of digits; no catalog number needs more than a few.
        raise _error("this number has more digits than any fee, count or duration; write a shorter number.", event)
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value) or _NAN.match(value):
        raise _error(f"'{value}' is not a usable number; write a finite number.", event)
    if tag is not None:
        raise _error(f"'{value}' is not a number.", event)
    return value


def _error(message: str, event: yaml.Event) -> LoadError:
    mark = event.start_mark
    return LoadError(message, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns parser events into plain data, enforcing the bounds as it goes."""

    def __init__(self) -> None:
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.aliases = 0
        self.depth = 0  # open containers, seen by _alias
        self.expanded = 0  # bytes of the file plus what every alias repeats
        self.measured: dict[str, tuple[int, int]] = {}  # anchor -> (bytes, nesting height), when first aliased

    def build(self, data: bytes, parser_class: Any = None) -> Any:
        self.expanded = len(data)  # an upper bound of the text written out, with no alias
        parser = (parser_class or _Parser)(data)
        try:
            return self._run(parser)
        except yaml.MarkedYAMLError as exc:
            if parser_class is None and _is_libyaml_depth_limit(exc):
                # LibYAML 0.2.5 as bundled since PyYAML 6.0.4 refuses nesting past its own limit (1,000 levels),
                # scanning ahead of the events we count. Our limit is far lower: read the file again with the
                # pure-Python parser, which has no limit of its own, so the refusal is ours, at the same
                # place and in the same words on every PyYAML version.
                raise self._depth_error(data, exc) from None
            raise _parse_error(exc, data) from None
        except yaml.YAMLError as exc:  # pragma: no cover - LibYAML reports marks for all we have seen
            raise LoadError(f"this is not valid YAML: {exc}") from None
        finally:
            parser.dispose()

    @staticmethod
    def _depth_error(data: bytes, exc: yaml.MarkedYAMLError) -> LoadError:
        try:
            _Builder().build(data, _PurePythonParser)
        except LoadError as ours:
            return ours
        mark = exc.problem_mark  # pragma: no cover - the pure parser always stops at MAX_DEPTH first
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)  # pragma: no cover
        return LoadError(f"values are nested more than {MAX_DEPTH} levels deep.", line, column)  # pragma: no cover

    def _run(self, parser: Any) -> Any:
        # The hot loop of every build: event classes and methods are bound to locals on purpose.
        # Each open container is [value, pending_key, anchor, node_count_at_start].
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        get_event = parser.get_event
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        skipped = (yaml.StreamStartEvent, yaml.DocumentEndEvent)
        no_key = _NO_KEY
        while True:
            event = get_event()
            kind = type(event)
            if kind in ends:
                value, _key, anchor, count = stack.pop()
                if anchor:
                    self.anchors[anchor] = (value, self.nodes - count)
                done = value
            elif kind is scalar_event or kind is mapping_start or kind is sequence_start or kind is yaml.AliasEvent:
                top = stack[-1] if stack else None
                is_key = top is not None and top[1] is no_key and type(top[0]) is dict
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    raise _error(f"the file has more than {MAX_NODES:,} values; it cannot be a credential.", event)
                if kind is scalar_event:
                    if event.tag is None and (is_key or not event.implicit[0]):
                        done = event.value  # keys and quoted text: the common case, no resolving needed
                    else:
                        done = _scalar(event, is_key)
                    if event.anchor:
                        self.anchors[event.anchor] = (done, 1)
                elif kind is yaml.AliasEvent:
                    self.depth = len(stack)
                    done = self._alias(event, is_key)
                else:
                    if is_key:
                        raise _error("a key must be a plain name, not a list or a mapping.", event)
                    tag = event.tag
                    if tag is not None and tag not in _ALLOWED_TAGS:
                        raise _error(
                            f"the tag {tag} is not allowed here; catalog files hold plain text, numbers, "
                            "lists and mappings only. Remove the tag.",
                            event,
                        )
                    if len(stack) >= MAX_DEPTH:
                        raise _error(f"values are nested more than {MAX_DEPTH} levels deep.", event)
                    stack.append([{} if kind is mapping_start else [], no_key, event.anchor, self.nodes])
                    continue
            elif kind is yaml.StreamEndEvent:
                break
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _error(
                        "a file may hold one credential only; remove the `---` line and what follows, "
                        "or move it to a file of its own.",
                        event,
                    )
                continue
            elif kind in skipped:
                continue
            else:  # pragma: no cover - LibYAML emits no other events
                continue
            if not stack:
                root = done
                continue
            top = stack[-1]
            parent = top[0]
            if type(parent) is list:
                parent.append(done)
            elif top[1] is no_key:
                if type(done) is not str:
                    raise _error("a key must be a plain name.", event)
                if done in parent:
                    raise _error(
                        f"the field `{done}` appears twice in the same mapping; keep one of them.", event
                    )
                top[1] = done
            else:
                parent[top[1]] = done
                top[1] = no_key
        if documents == 0 or root is None:
            raise LoadError("the file holds no data; a catalog file is a mapping of fields such as `id: …`.")
        return root

    def _alias(self, event: yaml.AliasEvent, is_key: bool) -> Any:
        if is_key:
            raise _error("a key cannot be an alias (*name); write the key out.", event)
        if event.anchor not in self.anchors:
            raise _error(f"the alias *{event.anchor} refers to no anchor defined before it.", event)
        self.aliases += 1
        value, size = self.anchors[event.anchor]
        self.nodes += size
        if self.aliases > MAX_ALIASES or self.nodes > MAX_NODES:
            raise _error(
                "aliases (*name) expand to too much data; write the values out instead of repeating anchors.",
                event,
            )
        if event.anchor not in self.measured:
            self.measured[event.anchor] = _measure(value)
        repeated, height = self.measured[event.anchor]
        self.expanded += repeated
        if self.expanded > MAX_EXPANDED_BYTES:
            raise _error(
                f"the alias *{event.anchor} repeats {size_text(repeated)} of text, and with it the file's values add "
                f"up to more than {size_text(MAX_EXPANDED_BYTES)}, the limit for one catalog file. Write a shorter "
                "value once instead of repeating it.",
                event,
            )
        if self.depth + height > MAX_DEPTH:
            raise _error(f"the alias *{event.anchor} nests values more than {MAX_DEPTH} levels deep here; write "
                         "a flatter value instead of repeating the anchor.", event)
        return value


def _measure(value: Any) -> tuple[int, int]:
    """(bytes of text, nesting height) of a loaded value, counting a value each time it is repeated. A loop,
    not recursion; its cost is bounded by the node limit the aliases were already checked against."""
    size, height = 0, 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        node, depth = pending.pop()
        if type(node) is dict:
            height = max(height, depth + 1)
            for key, item in node.items():
                size += _text_bytes(key)
                pending.append((item, depth + 1))
        elif type(node) is list:
            height = max(height, depth + 1)
            pending.extend((item, depth + 1) for item in node)
        else:
            size += _text_bytes(node) if type(node) is str else len(str(node))
    return size, height


def _text_bytes(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def size_text(size: int) -> str:
    """A size in bytes as people read it: 977 KiB, 1.0 MiB."""
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MiB"
    if size >= 100 * 1024:
        return f"{round(size / 1024)} KiB"
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} bytes"


_NO_KEY = object()


def _is_libyaml_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    return "maximum nesting depth" in f"{exc.problem or ''} {exc.context or ''}"


def _parse_error(exc: yaml.MarkedYAMLError, data: bytes) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or str(exc)).strip()
    context = (exc.context or "").strip()
    lines = data.split(b"\n")
    here = lines[line - 1] if 0 < line <= len(lines) else b""
    indent = here[: len(here) - len(here.lstrip(b" \t"))]
    if b"\t" in indent or "\\t" in problem or "tab" in problem.lower():
        message = "a tab character is used for indentation; YAML needs spaces. Replace the tab with spaces."
    elif "control characters" in problem or "special characters" in problem:
        message = "the file contains a control character that YAML does not allow; delete it."
    elif "mapping values are not allowed" in problem:
        message = (
            "a colon followed by a space starts a new field here. If it belongs to the text, put the "
            "whole value in quotes."
        )
    elif "could not find expected ':'" in problem:
        message = "a line here is not a `field: value` pair; add the colon or put the text in quotes."
    elif "found character that cannot start any token" in problem:
        message = "this character cannot start a value; put the value in quotes."
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        message = "the indentation is inconsistent; line the fields up with the ones above."
    elif "found duplicate anchor" in problem:
        message = "the same anchor (&name) is defined twice; rename one."
    else:
        message = f"this is not valid YAML: {problem}" + (f" ({context})" if context else "") + "."
    return LoadError(message, line, column)


class Locator:
    """Finds positions in one file; parses it once, on first use."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._root: _PosNode | None = None
        self._parsed = False

    def position(self, path: tuple[str | int, ...], *, key: bool = True) -> Position:
        """The line and column of the value at ``path``; of its key when ``key`` is true.

        Falls back to the deepest ancestor that exists, so a missing field points at its parent mapping.
        """
        if not self._parsed:
            self._root, self._parsed = _PosNode.parse(self._data), True
        node = self._root
        if node is None:
            return Position(1, 1)
        best = node.start
        for depth, step in enumerate(path):
            child = node.child(step)
            if child is None:
                break
            node = child
            last = depth == len(path) - 1
            best = node.key_start if (last and key and node.key_start) else node.start
        return best


def locate(data: bytes, path: tuple[str | int, ...], *, key: bool = True) -> Position:
    return Locator(data).position(path, key=key)


class _PosNode:
    """A throwaway position tree, built only when a problem must be located."""

    __slots__ = ("children", "key_start", "start")

    def __init__(self, start: Position, key_start: Position | None = None) -> None:
        self.start = start
        self.key_start = key_start
        self.children: dict[Any, _PosNode] | list[_PosNode] | None = None

    def child(self, step: str | int) -> _PosNode | None:
        if isinstance(self.children, dict):
            return self.children.get(step)
        if isinstance(self.children, list) and isinstance(step, int) and 0 <= step < len(self.children):
            return self.children[step]
        return None

    @classmethod
    def parse(cls, data: bytes) -> _PosNode | None:
        parser = _Parser(data)
        anchors: dict[str, _PosNode] = {}
        # Each open container is [node, pending (key, key position) or _NO_KEY, anchor].
        stack: list[list[Any]] = []
        root: _PosNode | None = None
        try:
            while root is None:
                event = parser.get_event()
                kind = type(event)
                if kind is yaml.StreamEndEvent:
                    break
                if kind in (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent):
                    continue
                if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                    done, _pending, anchor = stack.pop()
                    if anchor:
                        anchors[anchor] = done
                else:
                    mark = event.start_mark
                    pos = Position(mark.line + 1, mark.column + 1)
                    if stack and isinstance(stack[-1][0].children, dict) and stack[-1][1] is _NO_KEY:
                        stack[-1][1] = (event.value if kind is yaml.ScalarEvent else None, pos)
                        continue
                    done = _PosNode(pos)
                    if kind is yaml.AliasEvent:
                        target = anchors.get(event.anchor)
                        done.children = target.children if target else None
                    elif kind is yaml.ScalarEvent:
                        if event.anchor:
                            anchors[event.anchor] = done
                    else:
                        done.children = {} if kind is yaml.MappingStartEvent else []
                        stack.append([done, _NO_KEY, event.anchor])
                        continue
                if not stack:
                    root = done
                    continue
                parent = stack[-1]
                if isinstance(parent[0].children, list):
                    parent[0].children.append(done)
                else:
                    key, key_pos = parent[1]
                    done.key_start = key_pos
                    if key is not None and key not in parent[0].children:
                        parent[0].children[key] = done
                    parent[1] = _NO_KEY
        except yaml.YAMLError:
            pass
        finally:
            parser.dispose()
        return root


def is_finite_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
