"""The public corpus: a property's examples and every answer grading them needs, as data.

The student edition (:mod:`.release`) ships no reference code and no mistake
code, yet it must grade as the instructor's copy does: the same properties,
the smallest failing input, got/expected, the named mistake and its advice.
So the answers are recorded once, here, on the instructor's side:

* the **examples** each property ran in a public (derandomised) grading run:
  its explicit ``@example``s and the inputs Hypothesis generated, sorted from
  smallest to largest, so the first one a student fails is the smallest;
* for every call a property made to the reference, the reference's **result**;
* for every call a property made to the student's function (as made by the
  reference itself and by every known mistake standing in for the student),
  the reference's result and **each known mistake's result** (or the error it
  raised, and its inputs afterwards when it changes them), so diagnosis can
  replay the student's calls through the mistakes without their code.

Everything is plain data: one JSON document and one ``.npz`` of arrays per
exercise (read with ``allow_pickle=False``). A call is looked up by a key, the
hash of its function name and its arguments' exact values, so a recorded
answer is only ever used for exactly the call it answers.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import io
import json
import math
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from ..i18n import _
from ..sandbox.client import CallOutcome
from ..sandbox.protocol import LIB_FUNCTIONS, FunctionRef, SeededGenerator, generator_seed, lib_function

FORMAT = 1
# Each known mistake replays a property's examples to record the calls it makes; a
# property whose calls do not depend on the student's answers shows it in these many.
PROBE_EXAMPLES = 8
# The zip entries' timestamp: the same corpus gives the same bytes.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


class CorpusError(Exception):
    """The corpus cannot be built or read (the message is one line)."""


class CorpusMiss(Exception):
    """A call the corpus has no answer for (its arguments were never recorded)."""


class RecordedError(Exception):
    """The recorded function raised this: its type name and message, kept as text."""

    def __init__(self, type_name: str, text: str):
        super().__init__(f"{type_name}: {text}")
        self.type_name = type_name
        self.text = text


# -- values as data ---------------------------------------------------------------
class Arrays:
    """The arrays of one corpus, named by their content, so equal arrays are stored once.

    Loaded from an ``.npz``, an array is read from the archive (kept in memory) only
    when a call asks for it: a corpus holds thousands, a grading run needs a few."""

    def __init__(self, arrays: dict | None = None, archive: zipfile.ZipFile | None = None):
        self.arrays: dict = arrays if arrays is not None else {}
        self.archive = archive

    @staticmethod
    def name_of(array: np.ndarray) -> str:
        # The shape as given (np.ascontiguousarray would make a 0-d array 1-d) and the
        # bytes in C order: equal names mean equal arrays.
        digest = hashlib.sha256(f"{array.dtype.str}{array.shape}".encode() + array.tobytes(order="C")).hexdigest()[:24]
        return f"a{digest}"

    def put(self, array: np.ndarray) -> str:
        if array.dtype.hasobject:
            raise CorpusError(_("an array of dtype {dtype} cannot be stored as data").format(dtype=array.dtype))
        name = self.name_of(array)
        if name not in self.arrays:
            self.arrays[name] = np.array(array, copy=True)
        return name

    def get(self, name: str) -> np.ndarray:
        if name not in self.arrays and self.archive is not None:
            try:
                with self.archive.open(f"{name}.npy") as member:
                    self.arrays[name] = np.lib.format.read_array(io.BytesIO(member.read()), allow_pickle=False)
            except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
                raise CorpusError(_("the corpus cannot read the array {name}: {error}").format(name=repr(name), error=exc)) from None
        try:
            return np.array(self.arrays[name], copy=True)
        except KeyError:
            raise CorpusError(_("the corpus has no array {name}").format(name=repr(name))) from None

    def names(self) -> list[str]:
        stored = {n[: -len(".npy")] for n in self.archive.namelist()} if self.archive is not None else set()
        return sorted(stored | set(self.arrays))


def function_name(fn) -> str:
    """The name a callable argument goes by: "student:sigmoid" or "lib:np.tanh"."""
    if isinstance(fn, FunctionRef):
        return fn.name
    name = getattr(fn, "gradwork_call_name", None)
    if name:
        return name
    for lib_name, attribute in LIB_FUNCTIONS.items():
        if fn is getattr(np, attribute):
            return f"lib:{lib_name}"
    if inspect.isfunction(fn) and getattr(fn, "__module__", "").startswith("_gradwork_solutions_"):
        return f"student:{fn.__name__}"
    raise CorpusError(_("cannot record the callable {function}: pass a student function (student.ref) or a lib(...) function").format(function=repr(fn)))


def encode(value, arrays: Arrays):
    """``value`` as a JSON tree; arrays go to ``arrays`` and are referred to by name."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else {"$int": str(value)}
    if type(value) is float:  # np.float64 is a float too, but is kept as a numpy scalar below
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, np.ndarray) and value.dtype.kind in "US":
        # Text arrays (a mistake that iterates over a dict's keys) go in the JSON:
        # the npz holds numbers only.
        return {"$text_array": [list(value.shape), value.dtype.str, value.ravel().tolist()]}
    if isinstance(value, np.ndarray):
        return {"$array": arrays.put(value)}
    if isinstance(value, np.generic):
        return {"$scalar": arrays.put(np.asarray(value))}
    if isinstance(value, tuple):
        return {"$tuple": [encode(item, arrays) for item in value]}
    if isinstance(value, list):
        return [encode(item, arrays) for item in value]
    if isinstance(value, dict):
        return {"$dict": [[encode(k, arrays), encode(v, arrays)] for k, v in value.items()]}
    if isinstance(value, SeededGenerator):
        return {"$rng": value.seed}
    if isinstance(value, np.random.Generator):
        # The reference gets SeededGenerator.fresh(): a call is keyed by the seed,
        # as the worker's generator is (drawing from it is what it is for).
        seed = generator_seed(value)
        if seed is None:
            raise CorpusError(_("cannot store a generator without an int seed; pass SeededGenerator(seed).fresh()"))
        return {"$rng": seed}
    if isinstance(value, FunctionRef) or callable(value):
        return {"$fn": function_name(value)}
    raise CorpusError(_("cannot store a {type} as data").format(type=type(value).__name__))


def decode(tree, arrays: Arrays, *, functions=None):
    """The value a tree stands for; ``functions`` resolves "student:..." names."""
    if tree is None or isinstance(tree, (bool, str, int, float)):
        return tree
    if isinstance(tree, list):
        return [decode(item, arrays, functions=functions) for item in tree]
    if not isinstance(tree, dict) or len(tree) != 1:
        raise CorpusError(_("malformed corpus value {value}").format(value=str(tree)[:80]))
    (tag, body), = tree.items()
    if tag == "$array":
        return arrays.get(body)
    if tag == "$text_array":
        shape, dtype, values = body
        if np.dtype(dtype).kind not in "US":
            raise CorpusError(_("malformed corpus value {value}").format(value=str(tree)[:80]))
        return np.array(values, dtype=dtype).reshape(shape)
    if tag == "$scalar":
        return arrays.get(body)[()]
    if tag == "$tuple":
        return tuple(decode(item, arrays, functions=functions) for item in body)
    if tag == "$dict":
        return {decode(k, arrays, functions=functions): decode(v, arrays, functions=functions) for k, v in body}
    if tag == "$float":
        return float(body)
    if tag == "$int":
        return int(body)
    if tag == "$rng":
        return SeededGenerator(int(body))
    if tag == "$fn":
        kind, _colon, name = body.partition(":")
        if kind == "lib":
            return lib_function(name)
        if functions is not None:
            return functions(name)
        return FunctionRef(body)
    raise CorpusError(_("unknown corpus tag {tag}").format(tag=repr(tag)))


def call_key(function: str, args, kwargs) -> str:
    """The key of one call: its function and the exact values of its arguments."""
    tree = encode([function, list(args), dict(kwargs)], Arrays())  # names are content hashes
    return hashlib.sha256(json.dumps(tree, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:32]


def size_of(value) -> tuple[int, float]:
    """How big an example is: (number of scalars, total magnitude), to sort the corpus
    from the smallest example to the largest."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biuf" and value.size:
            with np.errstate(all="ignore"):
                magnitude = float(np.nansum(np.log1p(np.minimum(np.abs(value.astype(np.float64)), 1e300))))
            return value.size, magnitude
        return value.size, 0.0
    if isinstance(value, (list, tuple)):
        parts = [size_of(item) for item in value]
    elif isinstance(value, dict):
        parts = [size_of(item) for item in value.values()]
    elif isinstance(value, (bool, np.bool_)):
        return 1, float(value)
    elif isinstance(value, (int, float, np.number)):
        magnitude = abs(float(value))
        return 1, math.log1p(magnitude) if math.isfinite(magnitude) else 1e6
    else:
        return 1, 0.0
    return sum(p[0] for p in parts), sum(p[1] for p in parts)


# -- the recorded side, as the student edition sees it ------------------------------------
class RecordedFunction:
    """One function of the reference (``mistake=None``) or of a known mistake, answering
    from the corpus. Looks like the real function to a property and to diagnosis."""

    def __init__(self, corpus: "Corpus", name: str, mistake: str | None = None):
        self.corpus = corpus
        self.name = name
        self.mistake = mistake
        self.gradwork_call_name = f"student:{name}"
        self.__name__ = name
        params = corpus.signatures.get(name, [])
        self.__signature__ = inspect.Signature([inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in params])

    def __call__(self, *args, **kwargs):
        entry = self.corpus.calls.get(call_key(self.name, args, kwargs))
        if entry is None or entry.get("function") != self.name:
            raise CorpusMiss(_("{function}: no recorded answer for these arguments").format(function=self.name))
        outcome = entry.get("reference") if self.mistake is None else entry.get("mistakes", {}).get(self.mistake)
        if outcome is None:
            raise CorpusMiss(_("{function}: no recorded answer of {mistake} for these arguments").format(function=self.name, mistake=self.mistake))
        if "args_after" in outcome:
            _apply_changes(args, kwargs, decode(outcome["args_after"], self.corpus.arrays))
        if "raised" in outcome:
            raise RecordedError(outcome["raised"]["type"], outcome["raised"]["message"])
        return decode(outcome["result"], self.corpus.arrays, functions=self.corpus.function)


def _apply_changes(args, kwargs, after) -> None:
    """Change the caller's arguments in place as the recorded call did (a mistake that
    modifies its input), so diagnosis sees the same inputs-afterwards."""
    after_args, after_kwargs = after
    pairs = list(zip(args, after_args)) + [(kwargs[k], v) for k, v in after_kwargs.items() if k in kwargs]
    for mine, theirs in pairs:
        if isinstance(mine, np.ndarray) and isinstance(theirs, np.ndarray) and mine.shape == theirs.shape:
            np.copyto(mine, theirs, casting="unsafe")
        elif isinstance(mine, dict) and isinstance(theirs, dict):
            mine.clear()
            mine.update(theirs)
        elif isinstance(mine, list) and isinstance(theirs, list):
            mine[:] = theirs


class RecordedReference:
    """The reference module as the student edition has it: attribute access gives a
    :class:`RecordedFunction` for each of the exercise's functions."""

    def __init__(self, corpus: "Corpus"):
        self._corpus = corpus

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in self._corpus.signatures:
            raise AttributeError(name)
        return self._corpus.function(name)


@dataclass(frozen=True)
class RecordedVariant:
    """A known mistake as data: its name, title and advice, answering from the corpus.
    Has what :func:`graders.engine.diagnosis.diagnose` reads of a Variant."""

    key: str
    replaces: str
    title: str
    advice: str
    corpus: "Corpus" = field(compare=False, repr=False)
    kind: str = "mistake"
    diagnose: bool = True

    def bind(self, reference):
        return RecordedFunction(self.corpus, self.replaces, self.key)


class Corpus:
    """One exercise's corpus, loaded from its JSON and ``.npz``."""

    def __init__(self, document: dict, arrays: Arrays):
        if document.get("format") != FORMAT:
            raise CorpusError(_("corpus format {found} is not {expected}; rebuild the student edition with this gradwork").format(
                found=repr(document.get("format")), expected=FORMAT))
        self.document = document
        self.arrays = arrays
        self.exercise = document["exercise"]
        self.signatures: dict = document["functions"]
        self.calls: dict = document["calls"]
        self._functions: dict = {}
        self.reference = RecordedReference(self)
        self.variants = [RecordedVariant(m["key"], m["replaces"], m["title"], m["advice"], self) for m in document["mistakes"]]

    def function(self, name: str) -> RecordedFunction:
        if name not in self._functions:
            self._functions[name] = RecordedFunction(self, name)
        return self._functions[name]

    def has(self, key: str) -> bool:
        return key in self.document["properties"]

    def examples(self, key: str) -> list[dict]:
        """The property's examples as keyword arguments, smallest first (fresh copies)."""
        return [decode(example, self.arrays) for example in self.document["properties"][key]["examples"]]

    # -- files ----------------------------------------------------------------------------
    @staticmethod
    def paths(folder: Path, exercise_id: str) -> tuple[Path, Path]:
        return Path(folder) / f"{exercise_id}.json", Path(folder) / f"{exercise_id}.npz"

    @classmethod
    def load(cls, folder: Path, exercise_id: str) -> "Corpus":
        doc_path, npz_path = cls.paths(folder, exercise_id)
        try:
            document = json.loads(doc_path.read_text(encoding="utf-8"))
            arrays = Arrays(archive=zipfile.ZipFile(io.BytesIO(npz_path.read_bytes())))
        except FileNotFoundError as exc:
            raise CorpusError(_("the corpus file {file} is missing; the student edition is incomplete").format(file=exc.filename)) from None
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            raise CorpusError(_("the corpus of {id} cannot be read: {error}").format(id=exercise_id, error=exc)) from None
        return cls(document, arrays)

    def save(self, folder: Path) -> list[Path]:
        doc_path, npz_path = self.paths(folder, self.exercise)
        doc_path.parent.mkdir(parents=True, exist_ok=True)
        doc_path.write_text(json.dumps(self.document, sort_keys=True, separators=(",", ":"), allow_nan=False) + "\n", encoding="utf-8")
        with zipfile.ZipFile(npz_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in self.arrays.names():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, self.arrays.get(name), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, buffer.getvalue())
        return [doc_path, npz_path]


# -- recording, on the instructor's side ----------------------------------------------------
class LocalSandbox:
    """Runs a module's functions in this process, shaped like the real sandbox's ``call``.

    Only for trusted code (the reference, the bank's mistakes) while recording the
    corpus. Every call is kept, to be answered afterwards by the reference and by
    each known mistake."""

    def __init__(self, module, seen: dict):
        self.module = module
        self.seen = seen  # call key -> (function, args, kwargs), shared by every recording run

    def call(self, module: str, function: str, args=(), kwargs=None, *, repeat=False) -> CallOutcome:
        kwargs = dict(kwargs or {})
        key = call_key(function, args, kwargs)
        if key not in self.seen:
            self.seen[key] = (function, copy.deepcopy(args), copy.deepcopy(kwargs))
        from ..engine.diagnosis import _resolve  # FunctionRefs to this module's functions, values copied

        call_args, call_kwargs = _resolve(list(args), self.module, {}), _resolve(kwargs, self.module, {})
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                result = getattr(self.module, function)(*call_args, **call_kwargs)
        except Exception as exc:  # noqa: BLE001 - a mistake may raise anything
            return CallOutcome(raised={"type": type(exc).__name__, "message": str(exc)[:300], "frames": []})
        return CallOutcome(result=copy.deepcopy(result))

    def reset(self) -> None:
        pass


class RecordingReference:
    """The real reference, with every call a property makes to it recorded by key."""

    def __init__(self, module, answers: dict):
        self._module = module
        self._answers = answers
        self._wrapped: dict = {}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        target = getattr(self._module, name)
        if not callable(target):
            return target
        if name not in self._wrapped:
            answers = self._answers

            def recorded(*args, **kwargs):
                key = call_key(name, args, kwargs)
                result = target(*args, **kwargs)
                if key not in answers:
                    answers[key] = (name, copy.deepcopy(result))
                return result

            recorded.gradwork_call_name = f"student:{name}"
            recorded.__signature__ = inspect.signature(target)
            recorded.__name__ = name
            self._wrapped[name] = recorded
        return self._wrapped[name]


def _variant_module(reference, variant):
    """The reference module with one function replaced by a known mistake."""
    namespace = SimpleNamespace(**{k: v for k, v in vars(reference).items() if not k.startswith("__")})
    setattr(namespace, variant.replaces, variant.bind(reference))
    return namespace


def _outcome(fn, function: str, args, kwargs, reference, arrays: Arrays) -> dict:
    """What ``fn`` does with these arguments, as data: its result or the error it
    raised, and its arguments afterwards when it changed them."""
    from ..engine.compare import same_data
    from ..engine.diagnosis import _resolve

    call_args, call_kwargs = _resolve(list(args), reference, {}), _resolve(dict(kwargs), reference, {})
    before = copy.deepcopy((call_args, call_kwargs))
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = fn(*call_args, **call_kwargs)
        outcome = {"result": encode(copy.deepcopy(result), arrays)}
    except Exception as exc:  # noqa: BLE001 - a known mistake may raise anything
        outcome = {"raised": {"type": type(exc).__name__, "message": str(exc)[:300]}}
    changed = any(not callable(b) and not same_data(b, a) for b, a in zip(before[0] + list(before[1].values()), call_args + list(call_kwargs.values())))
    if changed:
        outcome["args_after"] = encode([call_args, call_kwargs], arrays)
    return outcome


def run_example(prop, student, reference, kwargs) -> None:
    """Run one recorded example of ``prop`` (outside Hypothesis: the inputs are given)."""
    from hypothesis.errors import HypothesisDeprecationWarning

    # assume() outside a Hypothesis run warns; a recorded example passed it already.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisDeprecationWarning)
        prop.run_example(student, reference, kwargs)


def _public_examples(exercise_id, prop, student, reference) -> list[dict]:
    """The examples a public grading run gives this property (explicit ones, then the
    generated ones), captured as the reference itself passes them."""
    from ..engine.properties import Property
    from ..engine.runner import grading_settings, public_seed

    if not prop.uses_hypothesis:
        run_example(prop, student, reference, {})
        return [{}]
    examples: list[dict] = []

    def capture(student, reference, **drawn):
        snapshot = copy.deepcopy(drawn)
        prop.body(student, reference, **drawn)
        examples.append(snapshot)  # only examples that ran to the end (assume() passed)

    # The same strategies, examples, settings and seed as a public grading run.
    capturing = Property(prop.key, prop.name, prop.function, capture, prop.checks, prop.weight, prop.max_examples, prop.advice, prop.strategies, prop.examples)
    capturing.build(grading_settings(prop.max_examples), public_seed(exercise_id, prop.key))(student, reference)
    return examples


def record(course, exercise, *, include=lambda key: True) -> Corpus:
    """Record the public corpus of one exercise from its reference and mistake bank
    (trusted code, run in this process). ``include(key)`` picks the properties."""
    import hypothesis

    from ..engine import loading, variants
    from ..engine.calls import NotStarted, Student
    from ..engine.properties import collect

    reference = loading.load("solutions", course.solutions_dir, exercise.id)
    properties = [p for p in collect(loading.load("properties", course.properties_dir, exercise.id)) if include(p.key)]
    mistakes = loading.load_optional("mistakes", course.mistakes_dir, exercise.id)
    bank = [v for v in (variants.collect(mistakes) if mistakes else []) if v.kind == "mistake" and v.diagnose]
    seen: dict = {}  # every call made to "the student", by key
    answers: dict = {}  # every call made to the reference, by key: (function, result)
    arrays = Arrays()
    recording = RecordingReference(reference, answers)
    documents = {}
    for prop in properties:
        student = Student(LocalSandbox(reference, seen), exercise.id, recording)
        student.begin_property(prop.checks)
        try:
            examples = _public_examples(exercise.id, prop, student, recording)
        except BaseException as exc:
            raise CorpusError(_("{id}: the reference fails its own property {property}: {error}").format(
                id=exercise.id, property=prop.key, error=f"{type(exc).__name__}: {exc}")) from None
        # Each known mistake of this function, standing in for the student on the
        # same examples: the calls it makes are answered too, so it is named.
        for variant in (v for v in bank if v.replaces == prop.function):
            student = Student(LocalSandbox(_variant_module(reference, variant), seen), exercise.id, recording)
            student.begin_property(prop.checks)
            known = len(seen)
            for number, kwargs in enumerate(examples):
                # A property that calls the student with the example's own values
                # makes the same calls whatever the student returns: once the first
                # few examples add no call, the rest would not either.
                if number == PROBE_EXAMPLES and len(seen) == known:
                    break
                try:
                    run_example(prop, student, recording, copy.deepcopy(kwargs))
                except (Exception, NotStarted):  # noqa: BLE001 - a failing mistake is expected
                    pass
        examples.sort(key=size_of)  # stable: equal sizes keep Hypothesis's order
        documents[prop.key] = {"examples": [encode(example, arrays) for example in examples]}

    calls: dict = {}
    for key, (function, args, kwargs) in seen.items():
        calls[key] = {
            "function": function,
            "reference": _outcome(getattr(reference, function), function, args, kwargs, reference, arrays),
            "mistakes": {v.key: _outcome(v.bind(reference), function, args, kwargs, reference, arrays) for v in bank if v.replaces == function},
        }
    for key, (function, result) in answers.items():
        calls.setdefault(key, {"function": function, "mistakes": {}}).setdefault("reference", {"result": encode(result, arrays)})
    signatures = {name: [p.name for p in inspect.signature(getattr(reference, name)).parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)] for name in exercise.functions}
    document = {
        "format": FORMAT,
        "exercise": exercise.id,
        "course": course.version,
        "hypothesis": hypothesis.__version__,
        "numpy": np.__version__,
        "functions": signatures,
        "mistakes": [{"key": v.key, "replaces": v.replaces, "title": v.title, "advice": v.advice} for v in bank],
        "properties": documents,
        "calls": calls,
    }
    return Corpus(document, arrays)
