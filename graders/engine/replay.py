"""The fast path: each property's examples are recorded once, then replayed.

Why this gives exactly the plain run's grade. With a fixed seed and no example
database, the inputs Hypothesis hands a property are a pure function of the
strategies, the settings, the seed and the Hypothesis version — up to the first
failure: it generates from what it has drawn, never from what the test returned,
and a passing test cannot steer it (no property uses ``target()`` or draws
inside the test; ``assume()`` only ever reads the inputs or the reference). So:

* **Recording** runs every property of an exercise the plain way once, with the
  reference solution in a worker standing in for the student, and keeps each
  example's arguments (protocol data), the calls it made to the student's
  functions (function, encoded arguments, repeat) and a digest of each reply.
* **Replaying** sends those calls to the student's worker many at a time and
  reads the replies one by one, each within a single call's time limit (the
  worker writes them a few at a time, never holding one while a later call
  runs: worker.Coalescer; a worker that crashes may take some with it, so after
  a crash the calls are made again one by one, and the crash is met at its own
  call, as in the plain run). An
  example whose replies all carry the reference's digests is one the reference
  passed while seeing exactly these replies, so it passes: nothing more is done
  for it. Any other example runs the property's own body on its recorded
  arguments, its calls answered from those replies — or made afresh, one by one,
  when the body asks for something the reference never did (it passed the
  student's own result on to another call).
* **On the first failure** the property is run again the plain way, from the
  start, by Hypothesis: it draws the same examples, every call up to the failing
  one is answered from the replies already read (the worker is not asked again),
  and Hypothesis shrinks from there as it always does. A lost worker (time-out,
  crash) or a function not started ends the property exactly where the plain run
  would have ended it. Either way the report is the plain run's.

A recording is used only for the exact sources that made it: its key hashes the
Python, numpy and Hypothesis versions, the strength (and the course's secret at
hidden strength), and every source file of the grader, the properties and the
solutions. It is plain data — JSON and array bytes, read by the protocol's
decoder, never unpickled — written by the trusted parent into the course's
``.gradwork/cache`` (``$GRADWORK_CACHE`` moves it; ``GRADWORK_CACHE=off`` turns
the fast path off), which the worker cannot reach at the ``strong`` and ``uid``
levels. The one difference a student could ever see: code whose answers depend
on how often it was called (hidden state) may be called a few more times before
a failure than in the plain run; its first failing example is the same.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import mmap
import os
import platform
from collections import deque
from pathlib import Path
from time import monotonic

import numpy as np
from hypothesis.errors import UnsatisfiedAssumption

from ..files import write_atomically
from ..sandbox import protocol
from ..sandbox.client import MissingFunction, Reply, Sandbox, WorkerLost
from ..sandbox.protocol import SeededGenerator
from .calls import NotStarted, Student

FORMAT = 4
MAGIC = b"gradwork-replay 4\n"
# Examples per request, doubling from FIRST_BATCH to MAX_BATCH. Every request is a
# round trip that wakes both sides (tens of microseconds each on a virtual machine)
# and leaves the worker idle while its last replies are judged: starting at 8
# rather than 1 saves three round trips a property, about 5 % of a course's CPU.
# What it can cost: a failure in the first example (the usual place) still has the
# other 7 answered, and read, before the plain run starts; a few milliseconds,
# unless the student's calls are very slow.
FIRST_BATCH, MAX_BATCH = 8, 64
MAX_BATCH_CALLS = 512
MAX_BATCH_BYTES = 8 * 1024 * 1024
LOST_WITH_REPLIES = ("crash", "exit", "protocol")  # a worker lost these ways may have held replies back
# Recordings kept per exercise and strength, the most recently made or used: a
# developer who switches between two versions of the sources (a branch and main)
# finds both recorded, instead of recording ~10 s again after every switch.
KEPT = 3
GRADERS = Path(__file__).resolve().parents[1]


# -- what is kept ---------------------------------------------------------------------
class Encoded:
    """A value as protocol data: its tree kept as UTF-8 JSON text, parsed only when asked.

    Most recorded examples pass as recorded and are never looked at, so their
    trees travel from the recording file to the worker as these very bytes,
    never parsed, decoded or serialised again (see Sandbox.send_calls)."""

    __slots__ = ("data", "payloads", "_tree")

    def __init__(self, data: bytes, payloads: list, tree=None):
        self.data = data
        self.payloads = payloads
        self._tree = tree

    @classmethod
    def of(cls, encoded: tuple) -> "Encoded":
        tree, payloads = encoded
        return cls(cls._text(tree).encode(), list(payloads), tree)

    @staticmethod
    def _text(tree) -> str:
        return json.dumps(tree, separators=(",", ":"))

    @staticmethod
    def _parse(data: bytes):
        return json.loads(data)

    @property
    def tree(self):
        if self._tree is None:
            self._tree = self._parse(self.data)
        return self._tree

    def pair(self) -> tuple:
        """(tree, payloads), as protocol.encoded gives them."""
        return self.tree, self.payloads


class EncodedRequest(Encoded):
    """A call's arguments, its text in the request form the worker reads
    (protocol.request_text): sent as they are kept."""

    __slots__ = ()
    _text = staticmethod(protocol.request_text)

    @staticmethod
    def _parse(data: bytes):
        return protocol.request_tree(data.decode())


class _Stored:
    """A recording file's bytes (mapped: see load). A value is cut out of them only when it is
    asked for: most recorded examples pass as recorded, and then their arguments are
    never looked at, and their calls' bytes go to the worker as one slice each."""

    __slots__ = ("data", "view", "offsets", "lengths")

    def __init__(self, data: "bytes | mmap.mmap", start: int, lengths: list):
        self.data = data
        self.view = memoryview(data)
        self.lengths = lengths
        self.offsets = list(itertools.accumulate(lengths, initial=start))  # where each payload starts

    def encoded(self, first: int, count: int, kind: type) -> Encoded:
        data, offsets = self.data, self.offsets
        return kind(data[offsets[first + count]:offsets[first + count + 1]],
                    [data[offsets[i]:offsets[i + 1]] for i in range(first, first + count)])


class _InFile:
    """A recorded thing whose value (``kind``, protocol data) is kept in memory when it
    was just recorded, or cut out of its recording file's bytes when first asked for."""

    __slots__ = ("_value", "_stored", "_first", "_count")

    def __init__(self, value: "Encoded | None", stored: _Stored | None, first: int, count: int):
        self._value = value
        self._stored, self._first, self._count = stored, first, count

    @classmethod
    def _in(cls, stored: _Stored, first: int, count: int):
        """One read back from ``stored``, its value cut out when first asked for; made
        without ``__init__`` (a course's load() makes ~24,000), the subclass's own
        fields set by the caller."""
        made = object.__new__(cls)
        made._value, made._stored, made._first, made._count = None, stored, first, count
        return made

    def _cut(self, kind: type) -> Encoded:
        if self._value is None:
            self._value = self._stored.encoded(self._first, self._count, kind)
        return self._value


class RecordedCall(_InFile):
    """One call the reference was asked (function, arguments, repeat) and the digest of
    its reply; read from a recording file, its arguments are cut out when asked for."""

    __slots__ = ("function", "repeat", "digest")

    def __init__(self, function: str, request: "EncodedRequest | None", repeat: bool, digest: str, *,
                 stored: _Stored | None = None, first: int = 0, count: int = 0):
        super().__init__(request, stored, first, count)
        self.function = function
        self.repeat = repeat
        self.digest = digest  # the reference's reply frame (protocol.Frame.digest)

    @property
    def request(self) -> EncodedRequest:
        """The arguments exactly as the worker receives them."""
        return self._cut(EncodedRequest)

    def wire(self) -> tuple:
        """(the request's payloads, its text last, as one bytes-like; their lengths)."""
        if self._value is None:
            offsets, first, count = self._stored.offsets, self._first, self._count
            return self._stored.view[offsets[first]:offsets[first + count + 1]], self._stored.lengths[first:first + count + 1]
        request = self._value
        return b"".join([*request.payloads, request.data]), [*map(len, request.payloads), len(request.data)]

    def size(self) -> int:
        """The bytes of its arrays."""
        if self._value is None:
            offsets = self._stored.offsets
            return offsets[self._first + self._count] - offsets[self._first]
        return sum(map(len, self._value.payloads))


class RecordedExample(_InFile):
    """One example: its arguments (cut out of the recording file when asked for), the
    calls it made and whether the property's assume() skipped it."""

    __slots__ = ("calls", "rejected")

    def __init__(self, drawn: "Encoded | None", calls: list | None = None, rejected: bool = False, *,
                 stored: _Stored | None = None, first: int = 0, count: int = 0):
        super().__init__(drawn, stored, first, count)
        self.calls = [] if calls is None else calls
        self.rejected = rejected

    @property
    def drawn(self) -> Encoded:
        """The example's arguments."""
        return self._cut(Encoded)

    def arguments(self) -> dict:
        """A fresh copy of the arguments (a body may change what it is given)."""
        return protocol.decode(*self.drawn.pair())


def same_request(a: "RecordedCall | Encoded | tuple", b: tuple) -> bool:
    """Is the request ``a`` (a recorded call's, or encoded before) the freshly encoded ``b``, bit for bit?"""
    if isinstance(a, RecordedCall):
        a = a.request
    return protocol.same_encoding(a.pair() if isinstance(a, Encoded) else a, b)


def faithful(value, copied, seen: set | None = None) -> bool:
    """Does ``copied`` (decoded from ``value``'s encoding) stand for ``value`` exactly:
    same types, same bits, same memory layout, and no object used twice in ``value``?"""
    seen = set() if seen is None else seen
    if type(value) is not type(copied):
        return False
    if isinstance(value, (np.ndarray, list, dict)):  # what can be changed in place (a tuple cannot)
        if id(value) in seen:
            return False  # shared between two places: a copy would not be
        seen.add(id(value))
    if isinstance(value, np.ndarray):
        return (value.dtype == copied.dtype and value.shape == copied.shape and value.flags.c_contiguous
                and value.flags.writeable and value.tobytes() == copied.tobytes())
    if isinstance(value, np.generic):
        return value.dtype == copied.dtype and value.tobytes() == copied.tobytes()
    if isinstance(value, (list, tuple)):
        return len(value) == len(copied) and all(faithful(a, b, seen) for a, b in zip(value, copied))
    if isinstance(value, dict):
        return list(value) == list(copied) and all(faithful(value[k], copied[k], seen) for k in value)
    if isinstance(value, float):
        return value.hex() == copied.hex()
    if isinstance(value, (bool, int, str, type(None), SeededGenerator)):
        return value == copied
    return False


# -- where it is kept -----------------------------------------------------------------
def cache_dir(course) -> Path | None:
    """The recordings' folder, or None when the fast path is off."""
    setting = os.environ.get("GRADWORK_CACHE", "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    return Path(setting).expanduser() if setting else Path(course.root) / ".gradwork" / "cache"


_fingerprints: dict = {}


def fingerprint(course, strength: str) -> str:
    """The key of a course's recordings: everything that decides the examples, the
    calls made with them and the reference's replies."""
    import hypothesis

    cache_key = (str(course.root), str(course.properties_dir), str(course.solutions_dir), strength)
    if cache_key in _fingerprints:
        return _fingerprints[cache_key]
    digest = hashlib.sha256()
    facts = [FORMAT, platform.python_version(), platform.machine(), np.__version__, hypothesis.__version__, strength]
    if strength == "hidden":
        facts += [course.grading.seed(), course.grading.hidden_examples]
    digest.update(json.dumps(facts).encode())
    for folder, suffix in ((GRADERS, ".py"), (Path(course.properties_dir), ""), (Path(course.solutions_dir), ".py")):
        for parts in _source_files(folder, suffix):
            digest.update(f"\0{folder.name}/{'/'.join(parts)}\0".encode())
            with open(os.path.join(folder, *parts), "rb") as handle:
                digest.update(handle.read())
    _fingerprints[cache_key] = value = digest.hexdigest()
    return value


def _source_files(folder: Path, suffix: str) -> list:
    """The files under ``folder`` whose names end in ``suffix``, outside __pycache__, each
    as the tuple of its path's parts below ``folder``, in sorted order. (os.walk, not
    Path.rglob: every run computes the fingerprint before its first exercise starts,
    and pathlib's walk of the grader's folders took half of it.)"""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        below = os.path.relpath(root, folder)
        prefix = () if below == os.curdir else tuple(below.split(os.sep))
        found.extend((*prefix, name) for name in files if name.endswith(suffix) and os.path.isfile(os.path.join(root, name)))
    return sorted(found)


def _path(folder: Path, exercise_id: str, strength: str, key: str) -> Path:
    return folder / f"{exercise_id}-{strength}-{key[:20]}.replay"


def save(path: Path, key: str, recordings: dict) -> None:
    """One file per exercise: a small JSON document of numbers, then the bytes it
    points into: each value's arrays followed by its tree's text, the layout
    a request has on the wire (protocol.pack_calls). Reading it back parses no tree."""
    payloads: list = []
    functions: dict = {}  # name -> its index in the table

    def keep(encoded: Encoded) -> list:
        first = len(payloads)
        payloads.extend(encoded.payloads)
        payloads.append(encoded.data)
        return [first, len(encoded.payloads)]

    document = {"format": FORMAT, "key": key, "properties": {
        prop_key: [[*keep(example.drawn), example.rejected,
                    [[functions.setdefault(call.function, len(functions)), *keep(call.request), call.repeat, call.digest]
                     for call in example.calls]]
                   for example in examples]
        for prop_key, examples in recordings.items()
    }}
    document["functions"] = list(functions)
    document["lengths"] = [len(p) for p in payloads]
    head = json.dumps(document, separators=(",", ":")).encode()
    write_atomically(path, b"".join([MAGIC, len(head).to_bytes(8, "big"), head, *payloads]))
    # Recordings of this exercise made from other sources: the KEPT most recently made
    # or used (this one among them) stay, for those sources may come back; the rest go.
    others = [other for other in path.parent.glob(path.name.rsplit("-", 1)[0] + "-*.replay") if other != path]
    for stale in sorted(others, key=_last_used, reverse=True)[KEPT - 1:]:
        stale.unlink(missing_ok=True)


def _last_used(path: Path) -> float:
    """When ``path`` was last made or used (its modification time; 0 if it is gone)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _used(path: Path) -> None:
    """Mark a recording as just used, so that save() keeps it over older ones."""
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache: nothing is saved there either


def load(path: Path, key: str) -> dict | None:
    """The recordings in ``path`` if they are whole and for ``key``; else None."""
    try:
        # Mapped, not read: a course's recordings are ~16 MB, and reading them into
        # memory of our own faulted in every page of it (3-4 us each) and copied it,
        # where a mapping shares the page cache's pages, a few faults for many pages,
        # and only the slices sent are ever copied. The file is never changed in place
        # (save() writes a new one and renames it over), so the mapping stays valid.
        with open(path, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if data[:len(MAGIC)] != MAGIC:
            return None
        start = len(MAGIC) + 8
        size = int.from_bytes(data[len(MAGIC):start], "big")
        document = json.loads(data[start:start + size])
        if document.get("format") != FORMAT or document.get("key") != key:
            return None
        lengths = document["lengths"]
        if not set(map(type, lengths)) <= {int} or min(lengths, default=0) < 0:
            return None
        stored = _Stored(data, start + size, lengths)
        if stored.offsets[-1] != len(data):
            return None
        functions = [str(name) for name in document["functions"]]
        slots = len(lengths)

        def within(first, count) -> bool:
            # A value's payloads, then its text: all within the file's.
            return type(first) is int and type(count) is int and first >= 0 and count >= 0 and first + count < slots

        # ~24,000 examples and calls a course, made without a constructor's call each
        # (the constructors were about a tenth of a trusted child's own CPU on the fast path).
        example_in, call_in = RecordedExample._in, RecordedCall._in
        properties = {}
        for prop_key, examples in document["properties"].items():
            made = properties[prop_key] = []
            for first, count, rejected, calls in examples:
                if not within(first, count):
                    return None
                example = example_in(stored, first, count)
                example.rejected, example.calls = bool(rejected), []
                for function, first, count, repeat, digest in calls:
                    if not within(first, count):
                        return None
                    call = call_in(stored, first, count)
                    call.function, call.repeat, call.digest = functions[function], bool(repeat), str(digest)
                    example.calls.append(call)
                made.append(example)
        return properties
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


# -- recording --------------------------------------------------------------------------
class RecordingStudent(Student):
    """The reference solution in a worker, standing in for the student, every
    example's arguments and calls kept as they happen."""

    def __init__(self, sandbox: Sandbox, module: str, reference):
        super().__init__(sandbox, module, reference, budget=float("inf"))
        self._log: list[RecordedExample] = []
        self._faithful = True
        self._channel = self._record

    def begin_example(self, drawn: dict | None = None) -> None:
        super().begin_example(drawn)
        encoded = protocol.encoded(dict(drawn or {}))
        if self._faithful and not faithful(dict(drawn or {}), protocol.decode(*encoded)):
            self._faithful = False  # e.g. a transposed array: this property is always run the plain way
        self._log.append(RecordedExample(Encoded.of(encoded)))

    def _rejected(self) -> None:
        self._log[-1].rejected = True

    def _record(self, function, args, kwargs, repeat):
        request = protocol.encoded([list(args), dict(kwargs or {})])
        outcome = self._sandbox.call(self._module, function, request=request, repeat=repeat, digest=True)
        self._log[-1].calls.append(RecordedCall(function, EncodedRequest.of(request), repeat, outcome.digest))
        return outcome


def record(run, properties: list, reference) -> dict:
    """Run every property of ``run``'s exercise on the reference solution; keep the
    recordings of those it passes faithfully."""
    course, exercise = run.course, run.exercise
    sandbox = Sandbox(course.solutions_dir, limits=course.sandbox.limits, packages=course.sandbox.packages, level=run.level, first=exercise.id)
    recordings = {}
    try:
        sandbox.start()
        if not sandbox.load(exercise.id).get("ok"):
            return {}
        for prop in properties:
            student = RecordingStudent(sandbox, exercise.id, reference)
            student.begin_property(prop.checks)
            try:
                run.plain(prop)(student, reference)
            except (Exception, NotStarted, WorkerLost):
                continue  # the reference itself fails it: never replayed
            if student._faithful:
                recordings[prop.key] = student._log
    except (Exception, WorkerLost):
        return recordings
    finally:
        sandbox.close()
    return recordings


_preloaded: dict = {}  # (path, key) -> recordings read by preload(), in the process that forks the graders


def preload(course, ids: list, strength: str) -> None:
    """Read the recordings of ``ids`` that exist now, once, into this process, so the
    children it forks from now on inherit them rather than each reading them again:
    classroom mode grades every student with the same recordings."""
    folder = cache_dir(course)
    if folder is None:
        return
    key = fingerprint(course, strength)
    for exercise_id in ids:
        path = _path(folder, exercise_id, strength, key)
        if (path, key) not in _preloaded:
            found = load(path, key)
            if found is not None:
                _preloaded[(path, key)] = found


def unrecorded(course, ids: list, strength: str) -> list:
    """Which of ``ids`` have no recording yet (none when the fast path is off)."""
    folder = cache_dir(course)
    if folder is None:
        return []
    key = fingerprint(course, strength)
    return [exercise_id for exercise_id in ids if not _path(folder, exercise_id, strength, key).is_file()]


def not_started(source: str, functions: list) -> bool:
    """Is every one of ``functions`` in ``source`` still a stub: a docstring, then
    ``raise NotImplementedError``? (Read statically: nothing is run.)"""
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    defined = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    for function in functions:
        node = defined.get(function)
        if node is None:
            return False
        body = [statement for statement in node.body
                if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, str))]
        if len(body) != 1 or not isinstance(body[0], ast.Raise) or "NotImplementedError" not in ast.unparse(body[0]):
            return False
    return True


def recordings(run, properties: list, reference, source: str = "") -> dict:
    """The recordings of ``run``'s exercise: read from the cache, or recorded now and
    kept. Empty when the fast path is off, and not recorded for an untouched stub
    (its first call says "not started": there is nothing to replay, and a student's
    first run over the stubs stays as quick as it always was)."""
    folder = cache_dir(run.course)
    if folder is None:
        return {}
    key = fingerprint(run.course, run.strength)
    path = _path(folder, run.exercise.id, run.strength, key)
    found = _preloaded.get((path, key)) or load(path, key)
    if found is not None:
        _used(path)
        return found
    if not_started(source, run.exercise.functions):
        return {}
    made = record(run, properties, reference)
    try:
        save(path, key, made)
    except OSError:
        pass  # a read-only course: graded the plain way next time too
    return made


# -- replaying --------------------------------------------------------------------------
class _Memo:
    """The replies read so far, in the order the property used them, each one able
    to give a fresh outcome again (a body may change what it was given)."""

    def __init__(self):
        self.entries: list = []

    def add(self, function: str, request, repeat: bool, fresh) -> None:
        """``request``: as :func:`same_request` takes it."""
        self.entries.append((function, request, repeat, fresh))

    def channel(self, sandbox: Sandbox, module: str):
        """A channel that answers the calls of a plain run from these replies while
        they are the same calls in the same order, and calls the worker after."""
        queue = deque(self.entries)

        def call(function, args, kwargs, repeat):
            request = protocol.encoded([list(args), dict(kwargs or {})])
            if queue:
                kept_function, kept_request, kept_repeat, fresh = queue[0]
                if kept_function == function and kept_repeat == repeat and same_request(kept_request, request):
                    queue.popleft()
                    return fresh()
                queue.clear()
            return sandbox.call(module, function, request=request, repeat=repeat)

        return call


def _fresh_outcome(outcome):
    pristine = copy.deepcopy(outcome)
    return lambda: copy.deepcopy(pristine)


class _Batch:
    """The replies to one request of many calls, read as they are needed."""

    def __init__(self, stream, calls: list):
        self.stream = stream
        self.pending = deque(calls)  # the recorded calls whose replies are still in the pipe

    def read(self, call: RecordedCall):
        """The reply to ``call`` (the next one in the pipe), or the exception reading it raised."""
        if not self.pending or self.pending[0] is not call:
            raise RuntimeError("replies read out of order")  # a bug in the replay, never the student's
        self.pending.popleft()
        if self.stream is None or not self.stream.open:
            return None
        try:
            return self.stream.next(call.digest)
        except WorkerLost as exc:
            if exc.kind in LOST_WITH_REPLIES:
                # The worker sends its replies a few at a time (worker.Coalescer): those
                # of the calls just before the one that lost it went with it. None: the
                # calls are made again, one by one, and the one that loses it says so.
                return None
            return exc  # a time-out: the worker's timer had sent every earlier reply
        except MissingFunction as exc:
            return exc

    def drain(self) -> None:
        if self.stream is not None:
            self.stream.drain()
        self.pending.clear()


class _Example:
    """One recorded example run through the property's body, its calls answered
    from the batch while they are the recorded calls, and by the worker after."""

    def __init__(self, replayer: "Replayer", example: RecordedExample, replies: list):
        self.replayer = replayer
        self.calls = example.calls
        self.replies = replies  # read before the body ran (None: not read yet)
        self.index = 0
        self.off_script = False

    def __call__(self, function, args, kwargs, repeat):
        replayer = self.replayer
        request = protocol.encoded([list(args), dict(kwargs or {})])
        if not self.off_script and self.index < len(self.calls) and replayer.batch is not None:
            call = self.calls[self.index]
            if call.function == function and call.repeat == repeat and same_request(call.request, request):
                if self.index < len(self.replies):
                    reply, already = self.replies[self.index], True
                else:
                    reply, already = replayer.batch.read(call), False
                self.index += 1
                if isinstance(reply, BaseException):
                    raise reply
                if reply is not None:
                    if already:  # read before the body asked: its wait counts now, as a call's would
                        replayer.student._spent += reply.waited
                    replayer.memo.add(function, request, repeat, reply.outcome)
                    return reply.outcome()
        # Not the call the reference made here: the rest of the batch is read and
        # dropped, and this property's calls are made one by one from now on.
        self.off_script = True
        replayer.go_live()
        outcome = replayer.sandbox.call(replayer.module, function, request=request, repeat=repeat)
        replayer.memo.add(function, request, repeat, _fresh_outcome(outcome))
        return outcome

    def finish(self) -> None:
        """Read and drop the replies to recorded calls the body did not make (it
        stopped early: an assume() between two calls). A worker lost on one of them
        is restarted by the next request: the plain run never made that call."""
        batch = self.replayer.batch
        if self.off_script or batch is None:
            return
        for index in range(max(self.index, len(self.replies)), len(self.calls)):
            batch.read(self.calls[index])


class Replayer:
    """Runs one property on its recording for one student (see the module docstring)."""

    def __init__(self, prop, student: Student, reference, examples: list):
        self.prop = prop
        self.student = student
        self.reference = reference
        self.examples = examples
        self.sandbox = student._sandbox
        self.module = student._module
        self.memo = _Memo()
        self.batch: _Batch | None = None
        self.live = False  # no more batches: the body passes the student's results on

    def go_live(self) -> None:
        self.live = True
        if self.batch is not None:
            self.batch.drain()
            self.batch = None

    def run(self, plain) -> None:
        """Replay; on a failure, ``plain()`` (the Hypothesis run) decides the report."""
        try:
            failed = self._replay()
        finally:
            if self.batch is not None:
                self.batch.drain()
                self.batch = None
        if failed:
            student = self.student
            spent = student._spent
            student.begin_property(self.prop.checks)
            student._spent = spent
            student._channel = self.memo.channel(self.sandbox, self.module)
            try:
                plain()
            finally:
                student._channel = None

    def _send(self, examples: list) -> None:
        calls = [call for example in examples for call in example.calls]
        stream = None
        if calls and not self.live:
            stream = self.sandbox.send_calls(self.module, [(call.function, call.repeat, *call.wire()) for call in calls])
        self.batch = _Batch(stream, calls)

    def _batches(self):
        position, size = 0, FIRST_BATCH
        while position < len(self.examples):
            batch, calls, payload = [], 0, 0
            for example in self.examples[position:position + size]:
                cost = sum(call.size() for call in example.calls)
                if batch and (calls + len(example.calls) > MAX_BATCH_CALLS or payload + cost > MAX_BATCH_BYTES):
                    break
                batch.append(example)
                calls += len(example.calls)
                payload += cost
            position += len(batch)
            size = min(size * 2, MAX_BATCH)
            yield batch

    def _replay(self) -> bool:
        """True when an example failed (the plain run must decide)."""
        student, prop = self.student, self.prop
        for batch in self._batches():
            self._send(batch)
            for example in batch:
                replies = []
                if not self.live:
                    for call in example.calls:
                        reply = self.batch.read(call)
                        replies.append(reply)
                        if not isinstance(reply, Reply):
                            break
                if self._passes_as_recorded(example, replies):
                    continue
                student._channel = channel = _Example(self, example, replies)
                rejected = False
                try:
                    prop.run_example(student, self.reference, example.arguments())
                except UnsatisfiedAssumption:
                    rejected = True  # skipped, as Hypothesis skips it
                except (NotStarted, WorkerLost):
                    raise  # the plain run stops at this very call too, without shrinking
                except Exception:
                    return True
                finally:
                    student._channel = None
                if rejected != example.rejected:
                    # The property's assume() read the student's answer: Hypothesis may
                    # then draw other examples than it drew for the reference.
                    return True
                channel.finish()
            if self.batch is not None:
                self.batch.drain()
                self.batch = None
        return False

    def _passes_as_recorded(self, example: RecordedExample, replies: list) -> bool:
        """Every reply is the reference's, bit for bit: the example passes as it did
        for the reference, and only what the engine tracks across examples is kept."""
        student, calls = self.student, example.calls
        if self.live or len(replies) != len(calls):
            return False
        waited, timed_out = 0.0, student._timed_out
        for reply, call in zip(replies, calls):  # one loop: this runs for every example replayed
            if not isinstance(reply, Reply) or reply.digest != call.digest or call.function in timed_out:
                return False
            waited += reply.waited
        if student._spent + waited > student._budget or monotonic() > student._deadline:
            return False  # the body runs, and says which call ran out of time
        student.begin_example()
        student._spent += waited
        for call, reply in zip(calls, replies):
            student._started.add(call.function)
            self.memo.add(call.function, call, call.repeat, reply.outcome)  # its request is cut out if the memo is used
        return True


def run(prop, student: Student, reference, examples: list, plain) -> None:
    """Run ``prop`` on its recorded ``examples``; ``plain()`` runs it the plain way."""
    Replayer(prop, student, reference, examples).run(plain)
