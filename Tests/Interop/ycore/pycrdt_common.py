"""Shared helpers for the YCore differential generator and checker on the pycrdt side.

pycrdt wraps yrs (Rust). Its documents are read here into the same JSON view that
`common.cjs` computes from Yjs, so that YCore's `Doc.toJSON(rootKinds:)` can be compared
with both: each root's Yjs-style `toJSON()`, binary as `{"$binary": base64}`, subdocuments
as `{"$doc": guid}`, XML serialised the way Yjs's `toString()` does (attributes sorted by
name, formatting attributes of an XmlText as nested tags sorted by name). pycrdt returns
every number as a float; JSON numbers compare by value on the Swift side.
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

import pycrdt
from pycrdt import Array, Doc, Map, Text, XmlElement, XmlFragment, XmlText

ROOT_KINDS = {"m": "map", "a": "array", "t": "text", "x": "xml"}

_KIND_TYPES = {"map": Map, "array": Array, "text": Text, "xml": XmlFragment}


def scenario_seed(seed: int, index: int) -> int:
    """The seed of scenario `index` of batch `seed` (same mix as common.cjs)."""
    m32 = 0xFFFFFFFF

    def imul(a: int, b: int) -> int:
        return (a * b) & m32

    h = ((seed & m32) ^ imul(index + 1, 0x9E3779B1)) & m32
    h = imul(h ^ (h >> 16), 0x85EBCA6B)
    h = imul(h ^ (h >> 13), 0xC2B2AE35)
    return (h ^ (h >> 16)) & m32


def b64(data: bytes) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def get_root(doc: Doc, name: str, kind: str):
    return doc.get(name, type=_KIND_TYPES[kind])


def text_string(text: Text) -> str:
    """Yjs's `YText.toString()`: the string content only (embeds are left out)."""
    return "".join(chunk for chunk, _ in _diff(text) if isinstance(chunk, str))


def _diff(text) -> list:
    return list(text.diff())


def _attr_str(value: Any) -> str:
    # Yjs interpolates the attribute value with `${value}`.
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return js_number(value)
    if isinstance(value, (dict, Map)):
        return "[object Object]"
    return str(value)


def js_number(x: float) -> str:
    """How JavaScript prints a number with `String(x)` (for the integral and simple cases)."""
    if x == int(x) and abs(x) < 1e21:
        return str(int(x))
    return repr(x)


def xml_text_string(node: XmlText) -> str:
    """Yjs's `YXmlText.toString()`: the delta with each run's attributes as nested tags.

    Runs are taken from yrs's diff as they are. Yjs's toDelta starts a new run at every
    formatting item, so a redundant one splits a run (`<b>a</b><b>b</b>`); in our cross-checks
    (check_yjs.cjs --replay) Yjs prints the same XML as this does from yrs's runs.
    """
    out = []
    for chunk, attrs in _diff(node):
        nested = []
        for name, value in (attrs or {}).items():
            keys = sorted(value.keys()) if isinstance(value, dict) else []
            nested.append((name, [(k, value[k]) for k in keys]))
        nested.sort(key=lambda n: _utf16_key(n[0]))
        s = ""
        for name, kv in nested:
            s += "<" + name + "".join(f' {k}="{_attr_str(v)}"' for k, v in kv) + ">"
        s += chunk if isinstance(chunk, str) else "[object Object]"
        for name, _ in reversed(nested):
            s += f"</{name}>"
        out.append(s)
    return "".join(out)


def _utf16_key(s: str) -> bytes:
    return s.encode("utf-16-be")


def xml_string(node) -> str:
    if isinstance(node, XmlText):
        return xml_text_string(node)
    if isinstance(node, XmlElement):
        attrs = dict(node.attributes)
        keys = sorted(attrs.keys(), key=_utf16_key)
        attr_s = "".join(f' {k}="{_attr_str(attrs[k])}"' for k in keys)
        tag = (node.tag or "").lower()
        inner = "".join(xml_string(c) for c in node.children)
        return f"<{tag}{attr_s}>{inner}</{tag}>"
    if isinstance(node, XmlFragment):
        return "".join(xml_string(c) for c in node.children)
    raise TypeError(f"not an XML node: {type(node)}")


def plain(v: Any) -> Any:
    """A pycrdt value as plain JSON data in the Yjs `toJSON()` shape."""
    if isinstance(v, (XmlText, XmlElement, XmlFragment)):
        return xml_string(v)
    if isinstance(v, Text):
        return text_string(v)
    if isinstance(v, Map):  # keys sorted: yrs iterates a map in no fixed order
        return {k: plain(v[k]) for k in sorted(v.keys(), key=_utf16_key)}
    if isinstance(v, Array):
        return [plain(x) for x in v]
    if isinstance(v, Doc):
        return {"guid": str(v.guid)}
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"$binary": b64(bytes(v))}
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        f = float(v)
        return f if f == f and f not in (float("inf"), float("-inf")) else None
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    raise TypeError(f"unexpected value {type(v)}")


def doc_json(doc: Doc, root_kinds: dict = ROOT_KINDS) -> dict:
    return {name: plain(get_root(doc, name, kind)) for name, kind in root_kinds.items()}


def doc_view(doc: Doc, root_kinds: dict = ROOT_KINDS) -> dict:
    """Text deltas of every Text/XmlText reachable from the roots, keyed by path."""
    texts: dict[str, list] = {}

    def walk(t, path: str) -> None:
        if isinstance(t, (Text, XmlText)):
            texts[path] = normalize_delta(
                [(plain(chunk), plain(attrs) if attrs else None) for chunk, attrs in _diff(t)])
        elif isinstance(t, Map):
            for k in sorted(t.keys(), key=_utf16_key):
                walk_child(t[k], f"{path}/{k}")
        elif isinstance(t, Array):
            for i, v in enumerate(t):
                walk_child(v, f"{path}/{i}")
        elif isinstance(t, (XmlFragment, XmlElement)):
            for i, v in enumerate(t.children):
                walk_child(v, f"{path}/{i}")

    def walk_child(v, path: str) -> None:
        if isinstance(v, (Text, XmlText, Map, Array, XmlFragment, XmlElement)):
            walk(v, path)

    for name, kind in root_kinds.items():
        walk(get_root(doc, name, kind), name)
    return texts


def decode_state_vector(sv: bytes) -> dict:
    pos = 0

    def var_uint() -> int:
        nonlocal pos
        n, shift = 0, 0
        while True:
            b = sv[pos]
            pos += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return n

    out = {}
    for _ in range(var_uint()):
        client = var_uint()
        out[str(client)] = var_uint()
    return out


def sv_object(doc: Doc) -> dict:
    """The document's state vector without zero clocks (yrs lists clients it only has
    pending structs of with clock 0; Yjs does not)."""
    return {c: k for c, k in decode_state_vector(doc.get_state()).items() if k > 0}


def normalize_delta(chunks: list) -> list:
    """A delta with adjacent string inserts of equal attributes joined (yrs splits a run of
    text at item boundaries, Yjs does not), as [{insert, attributes?}]."""
    out: list = []
    for insert, attrs in chunks:
        if out and isinstance(insert, str) and isinstance(out[-1]["insert"], str) \
                and out[-1].get("attributes") == attrs:
            out[-1]["insert"] += insert
            continue
        e = {"insert": insert}
        if attrs:
            e["attributes"] = attrs
        out.append(e)
    return out


def parse_args(argv: list[str], defaults: dict) -> dict:
    out = dict(defaults)
    i = 1
    while i < len(argv):
        a = argv[i]
        if not a.startswith("--"):
            raise SystemExit(f"unexpected argument {a}")
        key = a[2:]
        if i + 1 < len(argv) and not argv[i + 1].startswith("--"):
            out[key] = argv[i + 1]
            i += 2
        else:
            out[key] = True
            i += 1
    return out


def dumps(o: Any) -> str:
    return json.dumps(o, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


__all__ = [
    "ROOT_KINDS", "scenario_seed", "b64", "get_root", "plain", "doc_json", "doc_view",
    "sv_object", "decode_state_vector", "parse_args", "dumps", "pycrdt", "sys",
]
