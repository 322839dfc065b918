"""The wire format between the trusted parent and the sandboxed worker.

A frame is an 8-byte prefix (the JSON header's length and the payloads' total
length, 4 bytes each, big-endian), a UTF-8 JSON header, then the raw payloads
the header lists (``.npy`` bytes, one per array or numpy scalar). Both lengths
come first so that a frame can be read whole, and fingerprinted, before (or
without) parsing it: see :class:`Frame`. A request's arguments travel as their
tree in a terser JSON form (:func:`request_text`), a payload of its own after
their arrays, which the worker decodes as it parses it (:class:`Request`,
:func:`request_decoder`).

Values are encoded as a small tagged tree so that the parent never unpickles
anything: arrays are read back with ``allow_pickle=False`` and everything
else the worker sends must be one of a handful of plain types. Anything the
parent does not recognise comes back as an :class:`Opaque` description, which
compares equal to nothing, so a student object with a rigged ``__eq__`` never
reaches the parent's comparisons.

This module is copied next to the worker and imported there too, so it may
use only the standard library and numpy.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import struct
from hashlib import sha256 as _sha256
from types import SimpleNamespace

import numpy as np

# numpy's callables as they were when this module was imported: in the worker
# that is before any student code, so a student who rebinds np.asarray (or the
# like) cannot change how results and arguments are encoded.
_np = SimpleNamespace(
    asarray=np.asarray, ndarray=np.ndarray, generic=np.generic, dtype=np.dtype, frombuffer=np.frombuffer,
    write_array=np.lib.format.write_array, read_array=np.lib.format.read_array,
    Generator=np.random.Generator, default_rng=np.random.default_rng,
)

HEADER = struct.Struct(">II")  # JSON bytes, payload bytes
MAX_HEADER = 4 * 1024 * 1024  # bytes of JSON in one frame
MAX_FRAME = 64 * 1024 * 1024  # bytes of payload in one frame
MAX_DEPTH = 40
MAX_NODES = 100_000
REPR_LIMIT = 300


# numpy functions a property may pass to a student's function as an argument
# (kit.lib("np.tanh")): the name on the wire and the numpy attribute it means.
LIB_FUNCTIONS = {"np.tanh": "tanh", "np.exp": "exp", "np.abs": "abs", "np.square": "square"}


def lib_function(name: str):
    """The numpy function a LIB_FUNCTIONS name stands for."""
    return getattr(np, LIB_FUNCTIONS[name])


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed frame."""


class FrameTooLarge(ProtocolError):
    """A frame over the limits (``MAX_HEADER``, ``MAX_FRAME``): refused unread. Honest
    code gets here too, by returning an enormous array or list, so the parent says
    so in the student's terms (with ``megabytes``, the limit it went over) rather
    than as a broken frame."""

    def __init__(self, message: str, megabytes: int):
        super().__init__(message)
        self.megabytes = megabytes


class Opaque:
    """A value the worker could not send as plain data (or would not).

    The parent only ever sees its type name and a capped ``repr``.
    """

    __slots__ = ("type_name", "text", "array")

    def __init__(self, type_name: str, text: str, array=None):
        self.type_name = type_name
        self.text = text
        # For an ndarray subclass the plain values ride along, so feedback can
        # show them; the comparisons still treat the value as the wrong type.
        self.array = array

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.text}>"

    def __eq__(self, other):  # never equal to a real value
        return isinstance(other, Opaque) and (self.type_name, self.text) == (
            other.type_name,
            other.text,
        )

    def __hash__(self):
        return hash((self.type_name, self.text))


class FunctionRef:
    """A named callable passed as an argument (the worker resolves the name)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name

    def __eq__(self, other):
        return isinstance(other, FunctionRef) and other.name == self.name

    def __hash__(self):
        return hash(self.name)


class SeededGenerator:
    """A random generator passed as an argument: ``np.random.default_rng(seed)``.

    Only the seed travels. The worker builds a fresh generator from it for each
    call, and the parent builds its own (``fresh()``) for the reference and for
    diagnosis, so the student and the reference draw from the same stream and
    a call can be repeated and replayed exactly. Drawing from the generator is
    what it is for, so a generator comes back as its seed: drawing never counts
    as changing the caller's input.
    """

    __slots__ = ("seed",)

    def __init__(self, seed: int):
        if type(seed) is not int or seed < 0:
            raise ValueError(f"seed={seed!r} should be a non-negative int")
        self.seed = seed

    def fresh(self):
        """A new generator in the state the student's call starts from."""
        return _np.default_rng(self.seed)

    def __repr__(self) -> str:  # what a student can paste to repeat the call
        return f"np.random.default_rng({self.seed})"

    def __eq__(self, other):
        return isinstance(other, SeededGenerator) and other.seed == self.seed

    def __hash__(self):
        return hash(("rng", self.seed))


def generator_seed(generator):
    """The int seed a generator was made from (default_rng(seed)), or None."""
    try:
        entropy = generator.bit_generator.seed_seq.entropy
    except BaseException:
        return None
    return entropy if type(entropy) is int and entropy >= 0 else None


def _capped_repr(value) -> str:
    try:
        text = repr(value)
    except BaseException:  # a hostile __repr__ must not break the worker
        text = "<unrepresentable>"
    if not isinstance(text, str):
        text = "<unrepresentable>"
    return text if len(text) <= REPR_LIMIT else text[: REPR_LIMIT - 3] + "..."


# The package the worker imports the student's files as (Sandbox.package): the worker
# sets it from its configuration before any student code runs, so that a student's
# type is named as the student knows it (autodiff.Value). Unset, none is.
STUDENT_PACKAGE = None


def _type_name(value) -> str:
    t = type(value)
    module = getattr(t, "__module__", "") or ""
    name = getattr(t, "__qualname__", t.__name__)
    if module in ("builtins", ""):
        return name
    if module.startswith("numpy"):
        return f"numpy.{name}"
    if module.split(".")[0] == STUDENT_PACKAGE:
        module = module.partition(".")[2]  # autodiff.Value, as the student knows it
    return f"{module}.{name}" if module else name


# Plain numeric dtypes travel; anything else is described, never sent.
PLAIN_KINDS = set("biufc")
NPY_MAGIC = b"\x93NUMPY\x01\x00"
NPY_HEADER = re.compile(rb"^\{'descr': '([<>|][biufc][0-9]{1,2})', 'fortran_order': False, 'shape': \(((?:[0-9]+, ?)*(?:[0-9]+)?)\), \} *\n$")


def _npy_bytes(array: np.ndarray) -> bytes:
    """An .npy (format 1.0) file for a C-contiguous copy of ``array``.

    Written by hand because numpy's writer and reader format and parse the
    header with repr/literal_eval, which dominates the cost of small arrays.
    The bytes are a valid .npy file either way (np.load reads them).
    """
    if type(array) is not _np.ndarray:
        array = _np.asarray(array)
    if not array.flags.c_contiguous:  # (np.ascontiguousarray would make 0-d arrays 1-d)
        array = array.copy(order="C")
    if array.dtype.kind not in PLAIN_KINDS:
        buffer = io.BytesIO()
        _np.write_array(buffer, array, allow_pickle=False)
        return buffer.getvalue()
    return _npy_prefix(array.dtype.str, array.shape) + array.tobytes()


@functools.lru_cache(maxsize=4096)
def _npy_prefix(descr: str, shape: tuple) -> bytes:
    """Magic, length and header of an .npy file (the same few shapes recur thousands of times)."""
    dims = "".join(f"{n}, " for n in shape) if len(shape) != 1 else f"{shape[0]},"
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims.rstrip(' ') if len(shape) > 1 else dims}), }}"
    pad = 64 - (len(NPY_MAGIC) + 2 + len(header) + 1) % 64
    header = (header + " " * pad + "\n").encode("latin1")
    return NPY_MAGIC + struct.pack("<H", len(header)) + header


def _read_npy(data: bytes) -> np.ndarray:
    """Read .npy bytes without ever unpickling: plain dtypes by a strict
    fast path, anything else through numpy's reader with allow_pickle=False."""
    end = 10 + (data[8] | data[9] << 8) if len(data) >= 10 else 0  # after the header (its length: little-endian)
    # _npy_bytes' headers are short: a long one (the worker chose it) is numpy's to
    # read, and never a key of the cache below (4096 keys of 64 KiB each).
    if data[:8] == NPY_MAGIC and 10 <= end <= 510:
        parsed = _npy_header(bytes(data[:end]))
        if parsed is not None:
            dtype, shape, size = parsed
            if len(data) != end + size:
                raise ProtocolError("array payload has the wrong length")
            return _np.ndarray(shape, dtype, data, end).copy()
    return _np.read_array(io.BytesIO(data), allow_pickle=False)


@functools.lru_cache(maxsize=4096)
def _npy_header(head: bytes):
    """(dtype, shape, bytes of data) of a plain .npy file's first bytes (magic, length,
    header), or None (read by numpy then)."""
    match = NPY_HEADER.match(head[10:])
    if not match:
        return None
    dtype = _np.dtype(match.group(1).decode())
    dims = match.group(2).decode().replace(" ", "").strip(",")
    shape = tuple(int(n) for n in dims.split(",")) if dims else ()
    count = 1
    for n in shape:
        count *= n
    return dtype, shape, count * dtype.itemsize


def encode(value, payloads: list, *, resolve_function=None, _depth=0):
    """Turn ``value`` into a JSON-able tree, appending array bytes to payloads."""
    if _depth > MAX_DEPTH:
        return {"t": "opaque", "type": "nesting", "repr": "nested too deeply"}
    t = type(value)
    if t is _np.ndarray and not value.dtype.hasobject and value.dtype.fields is None:  # most of what is sent
        payloads.append(_npy_bytes(value))
        return {"t": "ndarray", "p": len(payloads) - 1}
    if value is None:
        return {"t": "none"}
    if t is bool:
        return {"t": "bool", "v": value}
    if t is int:
        return {"t": "int", "v": str(value)}
    if t is float:
        return {"t": "float", "v": value.hex()}
    if t is str:
        return {"t": "str", "v": value[:10_000]}
    if t is FunctionRef:
        return {"t": "func", "name": value.name}
    if t is SeededGenerator:
        return {"t": "rng", "seed": str(value.seed)}
    if t is _np.Generator:
        seed = generator_seed(value)
        if seed is not None:
            return {"t": "rng", "seed": str(seed)}
    if t in (list, tuple):
        items = [encode(v, payloads, resolve_function=resolve_function, _depth=_depth + 1) for v in value]
        return {"t": t.__name__, "items": items}
    if t is dict:
        items = [
            [
                encode(k, payloads, resolve_function=resolve_function, _depth=_depth + 1),
                encode(v, payloads, resolve_function=resolve_function, _depth=_depth + 1),
            ]
            for k, v in value.items()
        ]
        return {"t": "dict", "items": items}
    # Subclasses of the plain containers (OrderedDict, defaultdict, a
    # namedtuple) are honest results: send them as the base type, read
    # through the base type's own methods.
    if isinstance(value, dict):
        return encode(dict(dict.items(value)), payloads, resolve_function=resolve_function, _depth=_depth)
    if isinstance(value, tuple):
        return encode(tuple(tuple.__iter__(value)), payloads, resolve_function=resolve_function, _depth=_depth)
    if isinstance(value, list):
        return encode(list(list.__iter__(value)), payloads, resolve_function=resolve_function, _depth=_depth)
    if t is _np.ndarray:
        if value.dtype.hasobject or value.dtype.fields is not None:
            return {"t": "opaque", "type": f"numpy.ndarray of dtype {value.dtype}", "repr": _capped_repr(value)}
        payloads.append(_npy_bytes(value))
        return {"t": "ndarray", "p": len(payloads) - 1}
    if isinstance(value, _np.ndarray):  # a subclass: send values, keep the type name
        try:
            plain = _np.asarray(value).view(_np.ndarray)
            if plain.dtype.hasobject:
                raise TypeError
            payloads.append(_npy_bytes(plain))
            return {"t": "subclass", "type": _type_name(value), "p": len(payloads) - 1}
        except BaseException:
            return {"t": "opaque", "type": _type_name(value), "repr": _capped_repr(value)}
    if isinstance(value, _np.generic) and type(value).__module__ == "numpy":
        if value.dtype.hasobject:
            return {"t": "opaque", "type": _type_name(value), "repr": _capped_repr(value)}
        payloads.append(_npy_bytes(_np.asarray(value)))
        return {"t": "npscalar", "p": len(payloads) - 1}
    if callable(value) and resolve_function is not None:
        name = resolve_function(value)
        if name is not None:
            return {"t": "func", "name": name}
    return {"t": "opaque", "type": _type_name(value), "repr": _capped_repr(value)}


def _values(state: list):
    """``value_of(node, items=None)``: the value of one tagged node whose contents are
    values already (``items``; by default the node's own, as the request decoder's
    JSON parser has made them). The one rule for what each tag becomes, shared by
    :func:`decode`'s walk of a tree and :func:`request_decoder`.

    ``state`` is ``[payloads, note, resolve_function, make_generator, text]``, read at
    every node (the request decoder points it at each request in turn). ``note``
    gets one entry for every value made that a call could change (see
    :func:`untouched`), children before their container."""

    def load_array(index) -> np.ndarray:
        payloads = state[0]
        if not isinstance(index, int) or not 0 <= index < len(payloads):
            raise ProtocolError("bad payload index")
        try:
            return _read_npy(payloads[index])
        except ProtocolError:
            raise
        except Exception as exc:  # malformed npy bytes
            raise ProtocolError(f"bad array payload: {exc}") from None

    # What each mutable kind becomes, and the note untouched() reads for it: one
    # definition for both readers (value_of, and the request decoder's object hook).
    def make_list(items: list) -> list:
        state[1](("list", items, tuple(items)))
        return items

    def make_dict(pairs) -> dict:
        out = {}
        for key, value in pairs:
            try:
                hash(key)
            except TypeError:
                key = Opaque(type(key).__name__, "unhashable key")
            out[key] = value
        state[1](("dict", out, tuple(out.items())))
        return out

    def make_array(index) -> np.ndarray:
        array = load_array(index)
        state[1](("array", array, (state[0][index], array.dtype, array.shape)))  # what it was read from, and as
        return array

    def make_generator_of(seed_text):
        digits = str(seed_text)
        if not digits.isdigit() or len(digits) > 40:
            raise ProtocolError("bad generator seed")
        seed = int(digits)
        make_generator = state[3]
        generator = make_generator(seed) if make_generator is not None else SeededGenerator(seed)
        state[1](("rng", generator, seed))
        return generator

    def value_of(node, items=None):
        _payloads, note, resolve_function, _make_generator, text = state
        tag = node.get("t")  # the most frequent first
        if tag == "str":
            return text(str(node["v"])[:10_000])
        if tag == "list":
            return make_list(node["items"] if items is None else items)
        if tag == "ndarray":
            return make_array(node["p"])
        if tag == "dict":
            return make_dict(node["items"] if items is None else items)
        if tag == "int":
            digits = str(node["v"])
            return Opaque("int", text(digits[:40]) + "...") if len(digits) > 4300 else int(digits)
        if tag == "float":
            return float.fromhex(str(node["v"]))
        if tag == "tuple":
            return tuple(node["items"] if items is None else items)
        if tag == "rng":
            return make_generator_of(node["seed"])
        if tag == "none":
            return None
        if tag == "bool":
            return bool(node["v"])
        if tag == "npscalar":
            array = load_array(node["p"])
            if array.shape != ():
                raise ProtocolError("numpy scalar payload is not 0-d")
            return array[()]
        if tag in ("subclass", "opaque", "func"):
            note(None)  # not plain data: untouched() leaves it to a full comparison
            if tag == "subclass":
                return Opaque(text(str(node.get("type", "?"))[:200]), "an ndarray subclass", array=load_array(node["p"]))
            if tag == "opaque":
                return Opaque(text(str(node.get("type", "?"))[:200]), text(str(node.get("repr", ""))[:REPR_LIMIT]))
            name = text(str(node["name"])[:200])
            return FunctionRef(name) if resolve_function is None else resolve_function(name)
        raise ProtocolError(f"unknown tag {tag!r}")

    value_of.make_list, value_of.make_dict, value_of.make_array, value_of.make_generator = make_list, make_dict, make_array, make_generator_of
    return value_of


def _ignore(entry) -> None:
    """A ``note`` that keeps nothing (decode without a record)."""


def decode(tree, payloads: list, *, resolve_function=None, make_generator=None, text=str, record: list | None = None):
    """Rebuild a value from :func:`encode`'s tree; never unpickles.

    A generator comes back as a :class:`SeededGenerator`, or as
    ``make_generator(seed)`` when given (the worker builds the real one).

    ``text`` is applied to every string from the other side (the parent
    passes its sanitiser, so control characters never reach a report).

    ``record``: a list that gets one entry for every value made here that a call
    could change (see :func:`untouched`)."""
    budget = [MAX_NODES]
    value_of = _values([payloads, record.append if record is not None else _ignore, resolve_function, make_generator, text])

    def walk(node, depth):
        """What the other side sent is checked here (size, depth, shape); _values makes it."""
        budget[0] -= 1
        if budget[0] < 0 or depth > MAX_DEPTH + 1:
            raise ProtocolError("value too large or nested too deeply")
        if not isinstance(node, dict):
            raise ProtocolError("bad node")
        tag = node.get("t")
        if tag in ("list", "tuple"):
            return value_of(node, [walk(v, depth + 1) for v in node["items"]])
        if tag == "dict":
            return value_of(node, [(walk(pair[0], depth + 1), walk(pair[1], depth + 1)) for pair in node["items"]])
        return value_of(node)

    return walk(tree, 0)


class Request:
    """A call's arguments as the parent sent them: the tree in the request form of
    :func:`request_text`, and its payloads.

    The worker decodes the text straight into values (:func:`request_decoder`); the
    tree itself is rebuilt only when something asks for it (a call that changed
    its arguments, or drew entropy: see worker.fixed_entropy)."""

    __slots__ = ("text", "payloads", "_tree")

    def __init__(self, text: str, payloads: list):
        self.text = text
        self.payloads = payloads
        self._tree = None

    @property
    def tree(self):
        if self._tree is None:
            self._tree = request_tree(self.text)
        return self._tree


# -- the request form: a tree as the worker reads it ----------------------------------
# Every request the worker reads is an encode() tree the parent made, so it travels
# in a terser JSON form: an int, a string, None and a bool as JSON's own, and every
# other node as an object of one short key (its tag), or, for the rare kinds, as the
# tagged node itself. The worker's JSON parser then makes the scalars itself and
# calls back only for containers, arrays, floats and generators: decoding was a
# tenth of the worker's time on the fast path, and one callback per node most of it.
_LEAN = {"list": "l", "tuple": "T", "dict": "d", "float": "f", "ndarray": "a", "rng": "r"}
_TAGS = {short: tag for tag, short in _LEAN.items()}
_FIELDS = {"float": "v", "ndarray": "p", "rng": "seed"}
_LONG_INT = 4000  # digits: longer ints stay tagged (JSON's int reader stops at 4300)


def _lean(node):
    tag = node["t"]
    if tag == "int":
        digits = node["v"]
        return int(digits) if len(digits) <= _LONG_INT else node
    if tag in ("str", "bool"):
        return node["v"]
    if tag == "none":
        return None
    if tag in ("list", "tuple"):
        return {_LEAN[tag]: [_lean(item) for item in node["items"]]}
    if tag == "dict":
        return {"d": [[_lean(key), _lean(value)] for key, value in node["items"]]}
    if tag in _FIELDS:
        return {_LEAN[tag]: node[_FIELDS[tag]]}
    return node  # a function, an opaque value, an array subclass, a numpy scalar


def request_text(tree) -> str:
    """``tree`` (an :func:`encode` tree) in the request form the worker reads."""
    return json.dumps(_lean(tree), separators=(",", ":"))


def _tree_of(value):
    kind = type(value)
    if kind is dict:
        if len(value) == 1:
            short, inner = next(iter(value.items()))
            tag = _TAGS.get(short)
            if tag in ("list", "tuple"):
                return {"t": tag, "items": [_tree_of(item) for item in inner]}
            if tag == "dict":
                return {"t": "dict", "items": [[_tree_of(key), _tree_of(item)] for key, item in inner]}
            if tag is not None:
                return {"t": tag, _FIELDS[tag]: inner}
        return value
    if kind is bool:
        return {"t": "bool", "v": value}
    if kind is int:
        return {"t": "int", "v": str(value)}
    if kind is str:
        return {"t": "str", "v": value}
    if value is None:
        return {"t": "none"}
    raise ProtocolError("a request is not in the request form")


def request_tree(text: str):
    """The :func:`encode` tree of a request's text (:func:`request_text` undone)."""
    return _tree_of(json.loads(text))


def request_decoder(*, make_generator):
    """``decode_request(request, resolve_function=, record=)``: :func:`decode` of a
    :class:`Request` in one pass of the C JSON parser, each object turned into its
    value as soon as it is read (an ``object_hook``), instead of parsing the text
    into a tree and walking it. The same values, made and recorded in the same order.

    For the worker's requests only: they are the parent's own encoding, so the
    parent's limits on what the other side sends (node budget, depth, a node that
    is not a tagged object) are not checked again here."""
    state = [None, _ignore, None, make_generator, str]  # the request being read: see _values
    node_value = _values(state)
    make_list, make_dict, make_array, make_generator_of = node_value.make_list, node_value.make_dict, node_value.make_array, node_value.make_generator
    fromhex = float.fromhex

    def object_value(node):
        # The most frequent first: every request is a list of [args, kwargs].
        if "l" in node:
            return make_list(node["l"])
        if "d" in node:
            return make_dict(node["d"])
        if "a" in node:
            return make_array(node["a"])
        if "f" in node:
            return fromhex(node["f"])
        if "r" in node:
            return make_generator_of(node["r"])
        if "T" in node:
            return tuple(node["T"])
        return node_value(node)  # a tagged node (see _lean)

    scan = json.JSONDecoder(object_hook=object_value).scan_once  # what .decode() calls, without its wrappers

    def parse(text: str):
        try:
            value, end = scan(text, 0)
        except (StopIteration, ValueError):
            raise ProtocolError("a request is not JSON") from None
        if end != len(text):
            raise ProtocolError("a request is not JSON")
        return value

    def decode_request(request: Request, *, resolve_function, record: list):
        """``(args, kwargs)`` of a call's request (its tree is ``[args, kwargs]``).
        The envelope itself is not recorded: ``fn(*args, **kwargs)`` hands the
        function other containers, so nothing the call does can change it."""
        state[:3] = [request.payloads, record.append, resolve_function]
        try:
            value = parse(request.text)
        finally:
            state[:3] = [None, _ignore, None]
        if type(value) is not list or len(value) != 2 or type(value[0]) is not list or type(value[1]) is not dict:
            raise ProtocolError("a request is not [args, kwargs]")
        args, kwargs = value
        if record and record[-1] is not None and record[-1][1] is value:
            del record[-1]  # the outer list, read last; the kwargs dict just before it,
            if record and record[-1] is not None and record[-1][1] is kwargs:
                del record[-1]
            record[:] = [entry for entry in record if entry is None or entry[1] is not args]  # and args, before kwargs' contents
        return args, kwargs

    return decode_request


def _sends_as(value, payload: bytes) -> bool:
    """Would :func:`encode` send ``value`` as a plain array with exactly ``payload``?"""
    if type(value) is not _np.ndarray or value.dtype.kind not in PLAIN_KINDS:
        return type(value) is _np.ndarray and not value.dtype.hasobject and value.dtype.fields is None and _npy_bytes(value) == payload
    # _npy_bytes(value) == payload, without joining the two parts: compared in place
    head, body = _npy_prefix(value.dtype.str, value.shape), value.tobytes()
    return len(payload) == len(head) + len(body) and payload.startswith(head) and payload.endswith(body)


def untouched(record: list) -> bool:
    """After a call: is every list, dict, array and generator :func:`decode` made
    (``record``) as it was made? Then the arguments still encode exactly as they were
    sent, for nothing else in them can change (numbers, strings, tuples): the same
    objects in every list and dict, every array the same bytes, dtype and shape,
    every generator of the same seed. True only when it is sure; else the caller
    compares encodings (:func:`encodes_as`, then :func:`encoded`)."""
    for entry in record:
        if entry is None:
            return False
        kind, value, was = entry
        if kind == "list":
            if len(value) != len(was) or any(a is not b for a, b in zip(value, was)):
                return False
        elif kind == "dict":
            if len(value) != len(was) or any(k is not k0 or v is not v0 for (k, v), (k0, v0) in zip(value.items(), was)):
                return False
        elif kind == "array":
            payload, dtype, shape = was  # what it was read from, and as
            if dtype.kind in PLAIN_KINDS:
                # _sends_as, knowing the array was read from this payload: the same dtype
                # and shape make the same .npy header, so the bytes after it decide.
                if not (type(value) is _np.ndarray and value.dtype == dtype and value.shape == shape and payload.endswith(value.tobytes())):
                    return False
            elif not _sends_as(value, payload):
                return False
        elif type(value) is not _np.Generator or generator_seed(value) != was:  # a generator: encoded by its seed
            return False
    return True


def encodes_as(value, node, payloads: list, _depth=0) -> bool:
    """Would :func:`encode` give ``value`` exactly the tree ``node`` and these
    payloads? The worker's check that a call left its arguments as they were
    sent, without building their encoding again. True only when it is sure: for
    anything but plain data (a generator, a function, a subclass, a depth near
    the limit) it says False and the caller encodes the value to compare."""
    t = type(value)
    tag = node.get("t") if type(node) is dict else None
    if _depth >= MAX_DEPTH:
        return False
    if t is _np.ndarray:
        p = node.get("p")
        return tag == "ndarray" and type(p) is int and 0 <= p < len(payloads) and _sends_as(value, payloads[p])
    if t is float:
        return tag == "float" and node.get("v") == value.hex()
    if t is int:
        return tag == "int" and node.get("v") == str(value)
    if value is None:
        return tag == "none"
    if t is bool:
        return tag == "bool" and node.get("v") is value
    if t is str:
        return tag == "str" and len(value) <= 10_000 and node.get("v") == value
    if t is list or t is tuple:
        items = node.get("items")
        return (tag == t.__name__ and type(items) is list and len(items) == len(value)
                and all(encodes_as(v, n, payloads, _depth + 1) for v, n in zip(value, items)))
    if t is dict:
        items = node.get("items")
        return (tag == "dict" and type(items) is list and len(items) == len(value)
                and all(type(pair) is list and len(pair) == 2 and encodes_as(k, pair[0], payloads, _depth + 1)
                        and encodes_as(v, pair[1], payloads, _depth + 1) for (k, v), pair in zip(value.items(), items)))
    return False


def encoded(value, *, resolve_function=None) -> tuple[dict, list]:
    """``value`` encoded with its own payload list (indices from 0)."""
    payloads: list = []
    return encode(value, payloads, resolve_function=resolve_function), payloads


def shift(tree, offset: int):
    """The tree with every payload index moved by ``offset`` (to merge lists)."""
    if isinstance(tree, dict):
        moved = {k: shift(v, offset) for k, v in tree.items()}
        if "p" in tree and "t" in tree:
            moved["p"] = tree["p"] + offset
        return moved
    if isinstance(tree, list):
        return [shift(v, offset) for v in tree]
    return tree


def same_encoding(a: tuple[dict, list], b: tuple[dict, list]) -> bool:
    """Two encodings describe the same value, bit for bit (no __eq__ involved)."""
    return a[0] == b[0] and a[1] == b[1]


def _header_dumper():
    """JSON text of a frame's header. The worker packs a frame for every call it
    answers, and ``JSONEncoder.encode`` builds its C encoder anew for each one: this
    builds it once (the arguments ``JSONEncoder.iterencode`` gives it). Where this
    Python's C encoder takes other arguments, or writes other text, the plain
    encoder is used."""
    encoder = json.JSONEncoder(separators=(",", ":"), allow_nan=False)
    try:
        from json import encoder as module

        make = module.c_make_encoder(None, encoder.default, module.encode_basestring_ascii, None, ":", ",", False, False, False)

        def dump(header) -> str:
            return "".join(make(header, 0))

        sample = {"replies": [{"warnings": [{"message": "\u00e9\n", "lineno": 3, "student": True}], "result": {"t": "none"}}], "payloads": [8, 0]}
        if dump(sample) == encoder.encode(sample):
            return dump
    except Exception:  # no C encoder here, or another signature
        pass
    return encoder.encode


_dump_header = _header_dumper()


def pack(header: dict, payloads: list) -> bytes:
    lengths = [len(p) for p in payloads]
    return _frame(_dump_header(dict(header, payloads=lengths)).encode(), payloads, sum(lengths))


def _frame(data: bytes, payloads: list, total: int) -> bytes:
    """A frame: the prefix of both lengths (``total``: the payloads', which every
    caller has listed for the header already), the JSON header ``data``, the payloads."""
    return b"".join([HEADER.pack(len(data), total), data, *payloads])


def pack_calls(module: str, calls: list) -> bytes:
    """The frame of a "calls" request, made from arguments already encoded: ``calls``
    is ``(function, repeat, data, lengths)``, ``data`` the call's payloads (bytes-like,
    never parsed or serialised again here), their ``lengths``, the last payload the
    tree's request text (:func:`request_text`). A call's tree travels as a payload of
    its own, right after its arrays (``first + count``), as in a "call" request: the
    worker reads it as a :class:`Request`."""
    entries, blobs, lengths, names = [], [], [], {}  # names: each function's name as JSON, dumped once
    for function, repeat, data, own in calls:
        name = names.get(function) or names.setdefault(function, json.dumps(function))
        entries.append(f'{{"function":{name},"repeat":{"true" if repeat else "false"},"first":{len(lengths)},"count":{len(own) - 1}}}')
        blobs.append(data)
        lengths.extend(own)
    return _frame(f'{{"op":"calls","module":{json.dumps(module)},"calls":[{",".join(entries)}],"payloads":{json.dumps(lengths)}}}'.encode(), blobs, sum(lengths))


def write_frame(fd: int, header: dict, payloads: list = (), *, wait=None) -> None:
    """Write one frame; ``wait(fd)`` (for a non-blocking fd) blocks until it is
    writable or raises, so a reader that stops reading cannot hang the writer."""
    write_bytes(fd, pack(header, list(payloads)), wait=wait)


def write_bytes(fd: int, data: bytes, *, wait=None) -> None:
    """Write a packed frame (see :func:`write_frame`)."""
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            if wait is None:
                raise
            wait(fd)
            continue
        view = view[written:]


def read_exact(fd: int, size: int, *, wait=None) -> bytes:
    """Read exactly ``size`` bytes; ``wait(fd)`` blocks until readable or raises."""
    chunks = []
    remaining = size
    while remaining:
        try:
            chunk = os.read(fd, min(remaining, 1 << 20))
        except BlockingIOError:  # a non-blocking fd with nothing to read yet
            if wait is None:
                raise
            wait(fd)
            continue
        if not chunk:
            raise EOFError("the other side closed the pipe")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class Frame:
    """One frame as it came off the pipe, whole (its prefix, JSON header and payloads)
    and not yet parsed. Two frames with the same :meth:`digest` hold the same bytes,
    so a reply whose digest is a known one's need not be parsed to be judged."""

    __slots__ = ("raw", "size")

    def __init__(self, raw: bytes, size: int):
        self.raw = raw  # the frame's bytes, its 8-byte prefix first
        self.size = size  # the JSON header's length

    @property
    def data(self) -> bytes:
        return self.raw[HEADER.size : HEADER.size + self.size]

    @property
    def payload_size(self) -> int:
        return len(self.raw) - HEADER.size - self.size

    def digest(self) -> str:
        # SHA-256, cut to 128 bits: to pass as the reference's reply, other bytes would
        # need its digest (a second preimage). It is OpenSSL's, with the CPU's SHA
        # instructions where there are any: twice blake2b's speed on this machine, and
        # the parent hashes every reply (a few MB a course).
        return _sha256(self.raw).hexdigest()[:32]

    def parsed(self) -> tuple[dict, list]:
        """The header and its payloads; ProtocolError when they are not well-formed."""
        try:
            header = json.loads(self.data)
        except ValueError:
            raise ProtocolError("header is not JSON") from None
        if not isinstance(header, dict):
            raise ProtocolError("header is not an object")
        lengths = header.get("payloads", [])
        if not isinstance(lengths, list) or not all(type(n) is int and n >= 0 for n in lengths) or sum(lengths) != self.payload_size:
            raise ProtocolError("bad payload list")
        payloads, offset, raw = [], HEADER.size + self.size, self.raw
        for n in lengths:
            payloads.append(raw[offset : offset + n])
            offset += n
        return header, payloads


def _checked_lengths(prefix, offset: int = 0) -> tuple[int, int]:
    """The JSON header's and the payloads' lengths a frame's prefix gives (at ``offset``
    in ``prefix``), within the limits."""
    size, total = HEADER.unpack_from(prefix, offset)
    if size > MAX_HEADER:
        raise FrameTooLarge(f"header of {size} bytes is too large", MAX_HEADER // (1024 * 1024))
    if total > MAX_FRAME:
        raise FrameTooLarge(f"the result is larger than {MAX_FRAME // (1024 * 1024)} MiB", MAX_FRAME // (1024 * 1024))
    return size, total


def read_raw_frame(fd: int, *, wait=None) -> Frame:
    """The next frame, read whole but not parsed."""
    prefix = read_exact(fd, HEADER.size, wait=wait)
    size, total = _checked_lengths(prefix)
    return Frame(prefix + read_exact(fd, size + total, wait=wait), size)


def read_frame(fd: int, *, wait=None) -> tuple[dict, list]:
    return read_raw_frame(fd, wait=wait).parsed()


class FrameReader:
    """Frames off one non-blocking pipe, read as many bytes at a time as are there.

    The worker answers a batch of calls one reply after another; read three reads
    a frame (prefix, header, payloads), this reads every reply already waiting in
    one go and hands them out one by one. The same frames, in the same order, each
    checked as read_raw_frame checks it; one reader per pipe, for its whole life."""

    CHUNK = 1 << 16

    def __init__(self, fd: int):
        self.fd = fd
        self.buffer = bytearray()
        self.start = 0  # where the unread bytes begin

    def frame(self, *, wait) -> Frame:
        self._fill(HEADER.size, wait)
        size, total = _checked_lengths(self.buffer, self.start)
        return Frame(self._take(HEADER.size + size + total, wait), size)

    def _take(self, size: int, wait) -> bytes:
        """The next ``size`` bytes: a large run copied once, through a view; a small one
        sliced (two copies of a few hundred bytes cost less than a view's setup, and
        most replies of a batch are small and already read)."""
        self._fill(size, wait)
        start = self.start
        self.start = start + size
        if size <= self.CHUNK:
            return bytes(self.buffer[start : start + size])
        with memoryview(self.buffer) as view:
            return bytes(view[start : start + size])

    def _fill(self, size: int, wait) -> None:
        """Read until the next ``size`` bytes are in the buffer."""
        while len(self.buffer) - self.start < size:
            if self.start:  # keep only the unread bytes before reading more
                del self.buffer[: self.start]
                self.start = 0
            try:
                chunk = os.read(self.fd, max(self.CHUNK, min(size - len(self.buffer), 1 << 20)))
            except BlockingIOError:  # nothing to read yet
                wait(self.fd)
                continue
            if not chunk:
                raise EOFError("the other side closed the pipe")
            self.buffer += chunk
