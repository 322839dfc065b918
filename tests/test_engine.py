"""The engine's parts on their own: wire format, comparisons, rules, stubs, manifest."""

from __future__ import annotations

import copy
import io
import json
import os
import pickle
import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders.course import CourseError, load_course
from graders.dev.check import problems
from graders.dev.stubs import StubError, make_stub
from graders.engine import compare, rules
from graders.engine.runner import grade
from graders.results import CourseResult
from graders.sandbox import protocol

FAKE = Path(__file__).parent / "fake_course"


# -- the wire format ------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        7,
        2**80,
        0.1,
        float("nan"),
        "text",
        np.arange(6.0).reshape(2, 3),
        np.float64(1.5),
        np.float32(2.5),
        np.array(3.0),
        (np.zeros(2), 0.0),
        [1.0, [2.0]],
        {"W1": np.ones((2, 2), dtype=np.float32), 3: None},
    ],
    ids=repr,
)
def test_protocol_round_trip_keeps_types(value):
    payloads: list = []
    back = protocol.decode(protocol.encode(value, payloads), payloads)
    assert type(back) is type(value)
    assert compare.same_data(back, value)


def _same_copy(a, b, seen_a=None, seen_b=None) -> bool:
    """Are two copies of one value alike: the same types, values and layout, and the
    same objects shared in the same places (deepcopy's promises)?"""
    seen_a, seen_b = ({} if seen_a is None else seen_a), ({} if seen_b is None else seen_b)
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, dict, np.ndarray, np.random.Generator)):
        if (id(a) in seen_a) != (id(b) in seen_b) or seen_a.get(id(a), id(b)) != id(b):
            return False  # shared in one copy and not in the other
        if id(a) in seen_a:
            return True
        seen_a[id(a)], seen_b[id(b)] = id(b), id(a)
    if isinstance(a, np.ndarray):
        if a.dtype.hasobject:
            return a.shape == b.shape and _same_copy(list(a.ravel()), list(b.ravel()), seen_a, seen_b)
        return a.dtype == b.dtype and a.shape == b.shape and a.strides == b.strides and a.tobytes() == b.tobytes()
    if isinstance(a, np.random.Generator):
        sa, sb = a.bit_generator.seed_seq, b.bit_generator.seed_seq
        state = lambda g: json.dumps(g.bit_generator.state, default=lambda part: part.tolist())  # noqa: E731
        return (state(a) == state(b) and type(sa) is type(sb)
                and [sa.entropy, sa.spawn_key, sa.pool_size, sa.n_children_spawned] == [sb.entropy, sb.spawn_key, sb.pool_size, sb.n_children_spawned])
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same_copy(x, y, seen_a, seen_b) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_copy(a[k], b[k], seen_a, seen_b) for k in a)
    return a == b or (a != a and b != b)


def _arguments():
    drawn = np.random.default_rng(7)
    drawn.random(3)  # a generator part-way through its stream
    spawned = np.random.default_rng(11)
    spawned.spawn(2)
    shared = np.arange(6.0).reshape(2, 3)
    looped: list = [1.0]
    looped.append(looped)
    return [
        (np.random.default_rng(3),),
        (drawn, spawned, drawn),
        (np.asfortranarray(np.ones((3, 2))), shared[:, 1], shared.T, np.zeros(0, dtype=np.int8), np.float64(2.5), np.array(3)),
        ({"W1": shared, "W2": shared, "b": np.zeros((2, 1))}, [shared, (shared, 1)]),
        ((1, "a", None, 2.5, True), frozenset({1, 2}), b"x"),
        (np.array([1, [2]], dtype=object), protocol.SeededGenerator(5), protocol.FunctionRef("student:f")),
        (looped, {"again": looped}),
        (np.random.Generator(np.random.MT19937(1)),),
    ]


@pytest.mark.parametrize("index", range(8))
def test_a_calls_arguments_are_copied_as_deepcopy_copies_them(index):
    from graders.engine.calls import snapshot

    args, again = _arguments()[index], _arguments()[index]
    mine, theirs = snapshot(args), copy.deepcopy(again)
    assert _same_copy(mine, theirs)
    # The copy is the original's in value and independent of it: changing or drawing
    # from the original leaves the copy as it was.
    assert _same_copy(mine, copy.deepcopy(args))
    before = copy.deepcopy(mine)
    for item in args:
        if isinstance(item, np.ndarray) and item.size and item.flags.writeable and item.dtype.kind == "f":
            item[...] = -1.0
        elif isinstance(item, np.random.Generator):
            item.random(5)
        elif isinstance(item, list):
            item.append("more")
        elif isinstance(item, dict):
            item["new"] = 1
    assert _same_copy(mine, before)


def _plain_values():
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp

    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5),
                       hnp.arrays(st.sampled_from([np.float64, np.float32, np.int64, np.bool_]), hnp.array_shapes(min_dims=0, max_side=3)),
                       st.builds(protocol.SeededGenerator, st.integers(0, 9)), st.just(np.float64(1.5)))
    return st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                                                        st.dictionaries(st.text(max_size=3), inner, max_size=3)), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(before=_plain_values(), after=_plain_values())
def test_encodes_as_says_same_only_when_the_encodings_are_the_same(before, after):
    """The worker's quick "arguments unchanged" check (protocol.encodes_as) is never
    True where encoding again would differ: it can only skip work, never hide a change."""
    sent = protocol.encoded(before)
    if protocol.encodes_as(after, *sent):
        assert protocol.same_encoding(protocol.encoded(after), sent)
    if not any(isinstance(x, (protocol.SeededGenerator, np.generic)) for x in _leaves(before)):
        assert protocol.encodes_as(protocol.decode(*sent), *sent)  # plain data, decoded as sent: the quick check says so


MUTATIONS = ("none", "append", "replace with a copy", "drop", "add 1 in place", "reshape in place", "draw from a generator", "set a key")


def _mutate(made: list, how: str, which: int) -> None:
    """Change one of the values decode() made the way a student's function might."""
    kinds = {"append": "list", "drop": "list", "replace with a copy": ("list", "dict"), "set a key": "dict", "add 1 in place": "array",
             "reshape in place": "array", "draw from a generator": "rng"}
    targets = [entry[1] for entry in made if entry is not None and entry[0] in kinds.get(how, ())]
    if how == "none" or not targets:
        return
    value = targets[which % len(targets)]
    if how == "append":
        value.append(0.0)
    elif how == "drop" and value:
        value.pop()
    elif how == "replace with a copy" and value:
        key = next(iter(value)) if isinstance(value, dict) else 0
        value[key] = copy.deepcopy(value[key])
    elif how == "set a key":
        value["new"] = 1
    elif how == "add 1 in place" and value.dtype != np.bool_:
        value += 1
    elif how == "reshape in place" and value.ndim:
        value.shape = (value.size,) + (1,) * value.ndim
    elif how == "draw from a generator":
        value.random()


@settings(max_examples=300, deadline=None)
@given(before=_plain_values(), how=st.sampled_from(MUTATIONS), which=st.integers(0, 7))
def test_untouched_says_so_only_when_the_arguments_encode_as_sent(before, how, which):
    """The worker's quickest "arguments unchanged" check (protocol.untouched, from what
    decode made) is never True where encoding the arguments again would differ, and
    is True for arguments left alone."""
    sent = protocol.encoded(before)
    made: list = []
    value = protocol.decode(*sent, make_generator=np.random.default_rng, record=made)
    _mutate(made, how, which)
    if protocol.untouched(made):
        assert protocol.same_encoding(protocol.encoded(value), sent)
    if how == "none" or how == "draw from a generator":
        assert protocol.untouched(made)


@settings(max_examples=300, deadline=None)
@given(value=_plain_values(), function=st.sampled_from(["student:f", "lib:np.tanh"]))
def test_the_worker_reads_a_request_as_decode_reads_its_tree(value, function):
    """The worker decodes a request's JSON text as it is parsed (protocol.request_decoder):
    the very values, and the very record for untouched(), that decode() makes of its
    tree, but for the envelope [args, kwargs], which the called function never sees."""
    tree, payloads = protocol.encoded([[value, protocol.FunctionRef(function)], {"x": value}])
    resolve = {"student:f": len, "lib:np.tanh": np.tanh}.get
    fast_made: list = []
    fast = protocol.request_decoder(make_generator=np.random.default_rng)(
        protocol.Request(protocol.request_text(tree), payloads), resolve_function=resolve, record=fast_made)
    plain_made: list = []
    plain = protocol.decode(tree, payloads, resolve_function=resolve, make_generator=np.random.default_rng, record=plain_made)
    assert type(fast) is tuple and fast[0][1] is plain[0][1]
    assert protocol.same_encoding(protocol.encoded(list(fast)), protocol.encoded(plain))
    envelope = (plain, plain[0], plain[1])
    plain_made = [entry for entry in plain_made if entry is None or not any(entry[1] is part for part in envelope)]

    def shape(made):
        return [None if entry is None else (entry[0], type(entry[1]), entry[2] if entry[0] == "rng" else len(entry[2][0]) if entry[0] == "array" else len(entry[2]))
                for entry in made]

    assert shape(fast_made) == shape(plain_made)
    assert protocol.untouched(fast_made) == protocol.untouched(plain_made)
    # What the worker compares a changed argument with, and keys its entropy by: the very tree.
    assert protocol.request_tree(protocol.request_text(tree)) == tree


def _leaves(value):
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    return [value]


def test_protocol_sends_container_subclasses_as_plain_containers():
    import collections

    Pair = collections.namedtuple("Pair", "W b")
    for value, kind in ((collections.OrderedDict(a=1.0), dict), (collections.defaultdict(list, a=[1.0]), dict), (Pair(np.zeros(1), 0.0), tuple)):
        payloads: list = []
        back = protocol.decode(protocol.encode(value, payloads), payloads)
        assert type(back) is kind


def test_protocol_sends_a_generator_as_its_seed():
    """A generator argument travels as its seed: the worker builds a fresh one for
    each call, the parent keeps a SeededGenerator, and a generator the call drew
    from comes back as the same seed (drawing is not changing an input)."""
    seeded = protocol.SeededGenerator(42)
    tree, payloads = protocol.encoded([seeded])
    in_worker = protocol.decode(tree, payloads, make_generator=np.random.default_rng)[0]
    assert isinstance(in_worker, np.random.Generator)
    assert np.array_equal(in_worker.standard_normal(3), seeded.fresh().standard_normal(3))
    assert protocol.decode(*protocol.encoded([in_worker]))[0] == seeded  # after drawing: still seed 42
    assert protocol.decode(tree, payloads)[0] == seeded and repr(seeded) == "np.random.default_rng(42)"
    for bad in ("-1", "4e2", "1" * 41):
        with pytest.raises(protocol.ProtocolError):
            protocol.decode({"t": "rng", "seed": bad}, [])
    other = np.random.default_rng()  # seeded by the OS: its entropy is the seed that rebuilds it
    back = protocol.decode(*protocol.encoded(other))
    assert np.array_equal(back.fresh().random(2), np.random.default_rng(other.bit_generator.seed_seq.entropy).random(2))
    with pytest.raises(ValueError, match="seed="):
        protocol.SeededGenerator(-3)


def test_protocol_never_unpickles():
    """An object array pickled into a payload is refused, not executed."""
    buffer = io.BytesIO()
    np.save(buffer, np.array([object()], dtype=object), allow_pickle=True)
    with pytest.raises(protocol.ProtocolError):
        protocol.decode({"t": "ndarray", "p": 0}, [buffer.getvalue()])
    with pytest.raises(protocol.ProtocolError):
        protocol.decode({"t": "ndarray", "p": 0}, [pickle.dumps([1, 2])])


def test_protocol_describes_foreign_objects_opaquely():
    class Liar:
        def __eq__(self, other):
            return True

    payloads: list = []
    back = protocol.decode(protocol.encode(Liar(), payloads), payloads)
    assert isinstance(back, protocol.Opaque) and "Liar" in back.type_name
    assert back != 1 and back != np.zeros(1)


def test_protocol_rejects_deep_nesting_and_bad_tags():
    with pytest.raises(protocol.ProtocolError):
        protocol.decode({"t": "what"}, [])
    deep = {"t": "list", "items": []}
    for _ in range(200):
        deep = {"t": "list", "items": [deep]}
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(deep, [])


def _pipe_with(data: bytes) -> int:
    """The reading end of a pipe that holds ``data`` and is then closed."""
    import os

    read_fd, write_fd = os.pipe()
    os.write(write_fd, data)
    os.close(write_fd)
    return read_fd


def test_frame_reader_hands_out_the_frames_of_one_read_one_by_one_and_waits_for_a_split_one():
    """Replies to a batch of calls arrive together: the parent's reader reads them in one go
    and must give back exactly the frames read_raw_frame would, in order."""
    import os

    frames = [protocol.pack({"replies": [{"result": protocol.encode(v, p := [])}]}, p) for v in (1.5, np.arange(3.0), "x" * 9_000)]
    read_fd, write_fd = os.pipe()
    os.set_blocking(read_fd, False)
    reader, waits = protocol.FrameReader(read_fd), []

    def wait(fd):  # the writer "arrives" only when the reader has run dry
        waits.append(fd)
        os.write(write_fd, rest.pop(0))

    blob = b"".join(frames)
    os.write(write_fd, blob[:30])  # the first frame's prefix and part of its header
    rest = [blob[30:5_000], blob[5_000:]]  # the third frame's tail comes later still
    got = [reader.frame(wait=wait) for _ in frames]
    assert [f.raw for f in got] == frames and len(waits) == 2
    alone = [_pipe_with(frame) for frame in frames]  # each read on its own, as the worker reads a request
    assert [f.parsed() for f in got] == [protocol.read_raw_frame(fd).parsed() for fd in alone]
    for fd in alone:
        os.close(fd)
    import hashlib

    assert [f.digest() for f in got] == [hashlib.sha256(frame).hexdigest()[:32] for frame in frames]
    os.close(write_fd)
    with pytest.raises(EOFError):
        reader.frame(wait=wait)
    os.close(read_fd)
    read_fd, write_fd = os.pipe()
    os.write(write_fd, protocol.HEADER.pack(protocol.MAX_HEADER + 1, 0))
    with pytest.raises(protocol.ProtocolError):
        protocol.FrameReader(read_fd).frame(wait=wait)
    os.close(read_fd), os.close(write_fd)
    # Frames already in the buffer are cut out without a wait (the usual case in a
    # batch), with the same checks: a good frame, one larger than a read's chunk, then
    # a prefix over the limits, all in one write, never waited for.
    big = protocol.pack({"replies": [{"result": protocol.encode(v, p := [])}]}, p) if (v := np.arange(20_000.0)) is not None else None
    read_fd, write_fd = os.pipe()
    from graders.sandbox.client import _widen

    _widen(write_fd)  # 1 MiB: the test writes more than the default 64 KiB before reading
    os.set_blocking(read_fd, False)
    reader = protocol.FrameReader(read_fd)
    protocol._checked_lengths(big)  # within the limits
    assert len(big) > reader.CHUNK
    os.write(write_fd, frames[0] + frames[1])
    os.write(write_fd, big[:40_000])
    rest = [big[40_000:] + protocol.HEADER.pack(8, protocol.MAX_FRAME + 1)]
    waits.clear()
    assert [reader.frame(wait=wait).raw for _ in range(3)] == [frames[0], frames[1], big] and len(waits) == 1
    with pytest.raises(protocol.FrameTooLarge):
        reader.frame(wait=wait)
    assert len(waits) == 1  # judged from the buffered prefix alone
    os.close(read_fd), os.close(write_fd)


# -- comparisons ------------------------------------------------------------------
@pytest.mark.parametrize("good", [1.0, np.float64(1.0), np.array(1.0), 1.0 + 1e-12])
def test_scalar_forms_accepted(good):
    compare.expect_scalar(good, 1.0)


@pytest.mark.parametrize(
    "bad,problem,words",
    [
        (np.array([[1.0]]), "type", "array of shape (1, 1)"),
        (np.array([1.0]), "type", "array of shape (1,)"),
        (np.float32(1.0), "dtype", "float32"),
        (1, "type", "is int"),
        ([1.0], "type", "is list"),
        (float("inf"), "finite", "finite"),
        (1.1, "values", "expected 1.0"),
    ],
)
def test_scalar_mistakes_named(bad, problem, words):
    with pytest.raises(compare.Mismatch) as info:
        compare.expect_scalar(bad, 1.0)
    assert info.value.problem == problem and words in info.value.summary


def test_array_comparison_order_and_worst_element():
    expected = np.array([[1.0, 2.0], [3.0, 4.0]])
    cases = [
        ([[1.0, 2.0], [3.0, 4.0]], "type"),
        (expected.T.reshape(4), "shape"),
        (expected.astype(np.float32), "dtype"),
        (np.array([[1.0, np.nan], [3.0, 4.0]]), "finite"),
    ]
    for got, problem in cases:
        with pytest.raises(compare.Mismatch) as info:
            compare.expect_array(got, expected)
        assert info.value.problem == problem
    with pytest.raises(compare.Mismatch) as info:
        compare.expect_array(np.array([[1.0, 2.0], [3.0, 4.5]]), expected)
    assert "[1, 1]" in info.value.detail and "4.5" in info.value.detail


def test_non_finite_expectations_need_exact_matches():
    compare.expect_scalar(float("inf"), float("inf"))
    compare.expect_scalar(float("nan"), float("nan"))
    for got in (1.0, -float("inf"), 1e308):
        with pytest.raises(compare.Mismatch):
            compare.expect_scalar(got, float("inf"))
    with pytest.raises(compare.Mismatch):
        compare.expect_array(np.array([1.0, 5.0]), np.array([1.0, np.inf]))
    compare.expect_array(np.array([np.nan, np.inf]), np.array([np.nan, np.inf]))


def test_tolerance_scales_with_magnitude():
    big = np.array([1e6])
    compare.expect_array(big + 1e-4, big)  # within rtol
    with pytest.raises(compare.Mismatch):
        compare.expect_array(np.array([1e-3]), np.array([0.0]))


def test_nested_structures_name_the_part():
    with pytest.raises(compare.Mismatch) as info:
        compare.expect_same({"dw": np.zeros((2, 1)), "db": 0.0}, {"dw": np.zeros((2, 1)), "db": 1.0})
    assert info.value.part == "db"
    with pytest.raises(compare.Mismatch) as info:
        compare.expect_same((np.zeros(2),), (np.zeros(2), 0.0), parts=("W", "b"))
    assert info.value.problem == "length"


# -- the loop rule ----------------------------------------------------------------
@pytest.mark.parametrize(
    "body,what",
    [
        ("for i in range(len(x)):\n        pass\n    return x", "a `for` loop"),
        ("while False:\n        pass\n    return x", "a `while` loop"),
        ("return np.array([v for v in x])", "a list comprehension"),
        ("return np.array(list(map(abs, x)))", "map()"),
        ("return sum(x)", "the built-in sum()"),
        ("return np.vectorize(abs)(x)", "np.vectorize"),
        ("return np.apply_along_axis(np.sum, 0, x)", "np.apply_along_axis"),
        ("return helper(x)", "a `for` loop"),
    ],
)
def test_loop_rule_finds_loops(body, what):
    source = f"import numpy as np\n\ndef helper(x):\n    for v in x:\n        pass\n    return x\n\ndef f(x):\n    {body}\n"
    finding = rules.find_loop(source, "f")
    assert finding is not None and what in finding.what


@pytest.mark.parametrize("body", ["return x.sum(axis=0) / len(x)", "return np.sum(x, axis=0, keepdims=True)", "return x @ x.T", "return np.maximum(x, 0)"])
def test_loop_rule_accepts_vectorised_code(body):
    assert rules.find_loop(f"import numpy as np\n\ndef f(x):\n    {body}\n", "f") is None


def test_loop_rule_reports_line():
    source = "import numpy as np\n\n\ndef f(x):\n    y = x * 2\n    for v in y:\n        pass\n    return y\n"
    finding = rules.find_loop(source, "f")
    assert finding.line == 6 and finding.code == "for v in y:"


# -- stubs ------------------------------------------------------------------------
def test_stub_replaces_solution_blocks_and_keeps_the_rest():
    solution = textwrap.dedent(
        '''\
        """Module doc."""
        import numpy as np

        # BEGIN SOLUTION
        def _helper():
            return 1
        # END SOLUTION


        def f(x):
            """Doc of f."""
            # BEGIN SOLUTION
            return _helper() * x
            # END SOLUTION
        '''
    )
    stub = make_stub(solution, "demo")
    assert '"""Doc of f."""' in stub and "_helper" not in stub
    assert "# TODO(demo): implement f." in stub
    assert "raise NotImplementedError('demo: f() is not implemented yet (`gradwork hint demo` helps)')" in stub
    compile(stub, "stub", "exec")


@pytest.mark.parametrize("broken", ["# BEGIN SOLUTION\n", "# END SOLUTION\n", "# BEGIN SOLUTION\n# BEGIN SOLUTION\n"])
def test_stub_rejects_unbalanced_markers(broken):
    with pytest.raises(StubError):
        make_stub(broken, "demo")


# -- the manifest ------------------------------------------------------------------
def _course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FAKE, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.parametrize(
    "replace,words",
    [
        (("[course]", "[course"), "not valid TOML"),
        (('id = "sibling"', 'id = "arith"'), "listed twice"),
        (('id = "sibling"', 'id = "Sibling-2"'), "lowercase Python module name"),
        (("points = 4", "points = -4"), "should be positive"),
        (('functions = ["add_one"]', 'functions = "add_one"'), "should be a list"),
        (('vectorised = ["double"]', 'vectorised = ["triple"]'), "not among its functions"),
        (("points = 4\n", ""), "has no 'points'"),
        (("memory_mb = 1024", "memory_megabytes = 1024"), "unknown key(s) ['memory_megabytes']"),
        (("memory_mb = 1024", 'memory_mb = "lots"'), "wrong type"),
        (("call_seconds = 1.5", "call_seconds = -1"), "call_seconds=-1 should be a positive number (the default is 3.0)"),
        (("memory_mb = 1024", "memory_mb = 0"), "memory_mb=0 should be a positive number"),
        (("exercise_seconds = 60", "exercise_seconds = nan"), "exercise_seconds=nan should be a positive number"),
        (("property_seconds = 4", "property_seconds = inf"), "property_seconds=inf should be a positive number (the default is 30.0)"),
        (("[sandbox]", '[grading]\nfeedback = "loud"\n\n[sandbox]'), "feedback='loud' should be one of full, diagnosis, verdict"),
        (("[sandbox]", '[grading]\nhidden_examples = 0\n\n[sandbox]'), "hidden_examples=0"),
        (("[sandbox]", '[grading]\nseed = "x"\n\n[sandbox]'), "unknown key(s) ['seed']"),
        (('id = "sibling"', 'id = "sibling"\nvisibility = { add_one_values = "secret" }'), "visibility.add_one_values='secret'"),
        (('id = "sibling"', 'id = "sibling"\ndue = "next week"'), "due='next week' should be a date"),
    ],
)
def test_broken_manifest_gives_one_line_error(tmp_path, replace, words):
    root = _course_copy(tmp_path)
    manifest = root / "course.toml"
    manifest.write_text(manifest.read_text().replace(*replace, 1))
    with pytest.raises(CourseError) as info:
        load_course(root)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_dev_check_passes_on_a_consistent_course():
    assert problems(load_course(FAKE)) == []


@pytest.mark.parametrize(
    "damage,words",
    [
        (lambda r: (r / "exercises" / "stray.py").write_text("x = 1\n"), "stray.py is not an exercise"),
        (lambda r: (r / "exercises" / "arith.py").write_text((r / "exercises" / "arith.py").read_text() + "\n# edited\n"), "not the stub its solution generates"),
        (lambda r: (r / "docs" / "lessons" / "sibling.md").unlink(), "the lesson file"),
        (lambda r: (r / "properties" / "sibling.py").unlink(), "the properties file"),
        (lambda r: (r / "solutions" / "arith.py").write_text((r / "solutions" / "arith.py").read_text().replace("def total", "def totl")), "does not define it"),
        (lambda r: (r / "mistakes" / "arith.py").write_text((r / "mistakes" / "arith.py").read_text().replace('mistake("total"', 'mistake("totl"')), "which course.toml does not list"),
        (lambda r: (r / "course.toml").write_text((r / "course.toml").read_text().replace('vectorised = ["double"]', 'vectorised = ["double"]\nvisibility = { double_valus = "hidden" }')), "visibility.double_valus"),
    ],
)
def test_dev_check_finds_drift(tmp_path, damage, words):
    root = _course_copy(tmp_path)
    damage(root)
    found = problems(load_course(root), grade_files=False)
    assert any(words in p for p in found), found


def test_dev_check_catches_a_stub_that_is_not_a_stub(tmp_path):
    root = _course_copy(tmp_path)
    solution = (root / "solutions" / "sibling.py").read_text()
    # A "stub" that secretly passes: the generated text is bypassed, so the
    # freshness check and the not_started check must both complain.
    (root / "exercises" / "sibling.py").write_text(solution)
    found = problems(load_course(root))
    assert any("not the stub its solution generates" in p for p in found)


# -- results round trip ----------------------------------------------------------------
def test_results_round_trip_through_json():
    course = load_course(FAKE)
    result = grade(course, target=FAKE / "solutions", jobs=1)
    again = CourseResult.from_dict(result.to_dict())
    assert again.to_dict() == result.to_dict()
    assert result.passed and result.score == result.max_score == 10.0


def test_modified_input_names_the_changed_element():
    from graders.engine.calls import _first_difference

    assert _first_difference(np.array([1, 2, 3]), np.array([1, 5, 3]), "x") == "x[1] was 2 and is now 5 (1 element changed)"
    assert _first_difference(np.array([np.nan, 1.0]), np.array([np.nan, 2.0]), "z").startswith("z[1] was 1.0")
    assert "now has shape (3, 1)" in _first_difference(np.zeros(3), np.zeros((3, 1)), "v")
    assert _first_difference(np.zeros(2), np.zeros(2), "v") is None


def test_examples_do_not_depend_on_the_modules_loaded(tmp_path):
    """Hypothesis reads constants from every local module loaded; the engine turns that
    off, so a grade does not depend on what else the process imported."""
    import hypothesis
    import numpy as np

    from graders.engine.properties import given, prop
    from graders.kit import strategies

    seen: list = []

    @prop("records", function="f")
    @given(x=strategies.arrays(strategies.shapes(max_side=3), min_value=-1e6, max_value=1e6))
    def body(student, reference, x):
        seen.append(x.copy())

    class Student:
        examples = 0

        def begin_example(self, drawn=None):
            pass

        def post_checks(self):
            pass

    spec = body.gradwork_property
    run = hypothesis.settings(max_examples=60, derandomize=True, database=None)

    def draws():
        seen.clear()
        spec.build(run, 12345)(Student(), None)
        return [a.tobytes() + str(a.shape).encode() for a in seen]

    before = draws()
    # A local module full of striking constants, as a test run or a CLI command loads.
    module = tmp_path / "gw_constants_probe.py"
    module.write_text("VALUES = [" + ", ".join(f"{v!r}" for v in (123456.75, -98765.5, 4242.125, 0.3333, 7777.0, -1.5e5)) + "]\n")
    import importlib
    import sys

    sys.path.insert(0, str(tmp_path))
    try:
        importlib.import_module("gw_constants_probe")
        after = draws()
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("gw_constants_probe", None)
    assert before == after
    assert not any(np.isin([123456.75, -98765.5, 4242.125], np.frombuffer(b[: len(b) - len(str(a.shape))], dtype=np.float64)).any() for b, a in zip(after, seen))


@pytest.mark.parametrize(
    "got,expected,words",
    [
        (np.zeros((1, 3)), np.zeros(3), "An extra axis of length 1"),
        (np.zeros((2, 3)), np.zeros((2, 1, 3)), "An axis of length 1 is missing"),
        (np.zeros(3), np.zeros((3, 1)), "A rank-1 array of shape (3,)"),
        (np.zeros((1, 3)), np.zeros((3, 1)), "arranged differently"),
    ],
)
def test_shape_advice_says_which_axis_is_off(got, expected, words):
    with pytest.raises(compare.Mismatch) as info:
        compare.expect_array(got, expected)
    assert info.value.problem == "shape" and words in info.value.advice


def test_diagnosis_replays_a_generator_argument_from_its_seed():
    """A mistake of a function given an rng is named when the generator is passed
    positionally: the replay draws from a fresh generator with the same seed, and
    the generator itself (drawn from) is not compared as a changed input."""
    import types

    from graders.engine.calls import CallRecord
    from graders.engine.diagnosis import diagnose
    from graders.engine.variants import Variant
    from graders.sandbox.client import CallOutcome

    reference = types.ModuleType("reference")
    exec("def draw(rng, n):\n    return rng.standard_normal(n)\n", reference.__dict__)
    twice = Variant("twice", "draw", "doubles the draws", "", "mistake", True, "def draw(rng, n):\n    return 2 * rng.standard_normal(n)\n")
    halved = Variant("halved", "draw", "halves the draws", "", "mistake", True, "def draw(rng, n):\n    return rng.standard_normal(n) / 2\n")
    seeded = protocol.SeededGenerator(7)
    student_answer = 2 * np.random.default_rng(7).standard_normal(4)
    record = CallRecord("draw", (seeded, 4), {}, ["rng", "n"], CallOutcome(result=student_answer))
    found = diagnose([record], "draw", [halved, twice], reference)
    assert found is not None and found.id == "twice"


def test_a_mistake_wrong_where_the_student_was_right_is_not_named():
    """The shrunk counterexample is often one where several mistakes answer alike (a
    sigmoid's slope at 0): a mistake is named only if it also answers as the student
    did on the calls the student got right."""
    import types

    from graders.engine.calls import CallRecord
    from graders.engine.diagnosis import diagnose
    from graders.engine.variants import Variant
    from graders.sandbox.client import CallOutcome

    reference = types.ModuleType("reference")
    exec("def slope(op, x):\n    s = 1 / (1 + 2.718281828459045 ** -x)\n    return s * (1 - s) if op == 'sigmoid' else 1.0\n", reference.__dict__)
    # The student's mistake: the sigmoid's slope from its input, x * (1 - x); 0.0 at x = 0.
    zero = Variant("zero", "slope", "never seeds the gradient", "", "mistake", True, "def slope(op, x):\n    return 0.0\n")
    wrong = CallRecord("slope", ("sigmoid", 0.0), {}, ["op", "x"], CallOutcome(result=0.0))
    right = CallRecord("slope", ("add", 3.0), {}, ["op", "x"], CallOutcome(result=1.0))
    assert diagnose([wrong], "slope", [zero], reference).id == "zero"  # the coincidence alone
    assert diagnose([right, wrong], "slope", [zero], reference) is None  # zero answers 0.0 where the student answered 1.0, rightly


def test_a_not_implemented_error_is_explained_as_a_stub_only_from_another_file():
    from graders.engine.feedback import explain_raised

    own = [["arith.py", 4, "double", "raise NotImplementedError"]]
    other = [["arith.py", 4, "double", "return add_one(x)"], ["sibling.py", 9, "add_one", "raise NotImplementedError"]]
    assert explain_raised({"type": "NotImplementedError", "message": "", "frames": own}) is None
    assert explain_raised({"type": "NotImplementedError", "message": "", "frames": other}).params == {"function": "add_one", "file": "sibling.py"}


def test_supervisor_finds_its_own_children():
    """reap_orphans kills what our children left behind: it must see every child of
    ours, through /proc/PID/task/*/children or, without it, the scan of /proc."""
    import subprocess
    import sys

    from graders.engine import supervisor

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        found = supervisor._children_of(os.getpid())
        assert child.pid in found
        supervisor.reap_orphans(keep=set(p for p in found if p != child.pid))
        with pytest.raises(ProcessLookupError):  # killed and reaped: the pid is gone
            os.kill(child.pid, 0)
    finally:
        child.kill()
        child.wait()


# -- the order exercises start in -----------------------------------------------------
def test_longest_first_orders_by_earlier_times_with_unknown_first_and_ties_in_course_order():
    from graders.engine.supervisor import longest_first

    ids = ["a", "b", "c", "d", "e"]
    assert longest_first(ids, {"a": 0.1, "b": 0.5, "c": 0.1, "d": 2.0}) == [4, 3, 1, 0, 2]  # e unknown: first
    assert longest_first(ids, {}) == [0, 1, 2, 3, 4]
    assert longest_first(ids, {"a": "slow", "b": -1, "c": None}) == [0, 1, 2, 3, 4]  # nonsense counts as unknown


def test_kept_times_are_smoothed_and_forget_exercises_no_longer_in_the_course(tmp_path):
    from graders.engine.runner import _read_timings, _write_timings

    path = tmp_path / "timings-public.json"
    path.write_text(json.dumps({"a": 1.0, "b": 0.2, "gone": 9.0}))
    _write_timings(path, {"a": 0.5, "c": 0.3}, ["a", "b", "c"])
    # a: half this run, half before; b: not graded this time, kept; c: new; gone: dropped
    assert _read_timings(path) == {"a": 0.75, "b": 0.2, "c": 0.3}
    _write_timings(None, {"a": 1.0}, ["a"])  # no cache folder: nothing to keep, no error


def test_run_tasks_gives_results_in_the_tasks_order_whatever_order_they_start_in(tmp_path):
    from graders.engine.supervisor import Task, run_tasks
    from graders.results import ExerciseResult

    started = tmp_path / "started"

    def task(name):
        def run():
            with open(started, "a") as handle:
                handle.write(name + "\n")
            return ExerciseResult(id=name, title=name, status="passed", message="", score=1, max_score=1)

        return Task(exercise_id=name, run=run, failed=lambda message, problem="grader": None)

    tasks = [task(name) for name in ("a", "b", "c")]
    results = run_tasks(tasks, jobs=1, exercise_seconds=30, run_seconds=60, order=[2, 0, 1])
    assert [r.id for r in results] == ["a", "b", "c"]
    assert started.read_text().split() == ["c", "a", "b"]
    with pytest.raises(ValueError, match="order"):
        run_tasks(tasks, jobs=1, exercise_seconds=30, run_seconds=60, order=[0, 0, 1])


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_budget_of_task_seconds_stops_the_same_tasks_one_at_a_time_or_side_by_side(jobs):
    """Classroom mode's --student-seconds: three 0.6 s exercises and a budget of 1.5 s. A
    wall-clock cap would let all three finish side by side (1.2 s) and not one at a time;
    the budget, spent twice as fast by two at a time, stops the third either way."""
    import time

    from graders.engine.supervisor import Task, run_tasks
    from graders.results import ExerciseResult

    def task(name):
        def run():
            time.sleep(0.6)
            return ExerciseResult(id=name, title=name, status="passed", message="", score=1, max_score=1)

        return Task(exercise_id=name, run=run, failed=lambda message, problem="grader": ExerciseResult(id=name, title=name, status="error", message=message, score=0, max_score=1))

    results = run_tasks([task(name) for name in ("a", "b", "c")], jobs=jobs, exercise_seconds=30, run_seconds=60, budget_seconds=1.5)
    assert [r.status for r in results] == ["passed", "passed", "error"]
    assert "the exercises together took longer than their limit of 1.5 s" in results[2].message


def test_a_child_killed_for_its_time_leaves_no_temporary_folder(tmp_path):
    """A killed child cannot clean up: its sandbox folder (gradwork-<pid>-...) stayed behind
    until the next run's sweep. The supervisor sweeps right after the kill."""
    import os
    import tempfile
    import time

    from graders.engine.supervisor import Task, run_tasks
    from graders.results import ExerciseResult

    made = tmp_path / "made"

    def run():
        folder = tempfile.mkdtemp(prefix=f"gradwork-{os.getpid()}-")
        made.write_text(folder)
        time.sleep(30)

    task = Task(exercise_id="slow", run=run, failed=lambda message, problem="grader": ExerciseResult(id="slow", title="slow", status="error", message=message, score=0, max_score=1))
    results = run_tasks([task], jobs=1, exercise_seconds=1, run_seconds=60)
    assert results[0].status == "error" and made.exists() and not os.path.exists(made.read_text())


def test_a_variant_source_is_its_def_alone_renamed_whatever_surrounds_it(tmp_path):
    """Each bank function's source is read from one parse of its file: the def line
    to the end of its last statement, decorators, comments after it and the next
    function left out, renamed to the function it replaces."""
    import importlib.util

    (tmp_path / "bank_sample.py").write_text(textwrap.dedent('''\
        from graders.engine.variants import mistake, alternative

        # a section comment
        @mistake("f", "one",
                 advice="a decorator over two lines")
        def first(x,
                  y=2):
            """A docstring
        with a line at column 0."""
            total = x + y  # a comment

            return total
            # a comment after the last statement
        # a comment between the two
        @alternative("g", "two")
        def second(z):
            return [z,
        z]
        VALUE = 3
        '''))
    spec = importlib.util.spec_from_file_location("bank_sample", tmp_path / "bank_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.first.gradwork_variant.source == textwrap.dedent('''\
        def f(x,
                  y=2):
            """A docstring
        with a line at column 0."""
            total = x + y  # a comment

            return total
        ''')
    assert module.second.gradwork_variant.source == "def g(z):\n    return [z,\nz]\n"
    assert module.first.gradwork_variant.bind(module)(1) == 3


def test_a_law_earns_its_points_only_once_the_values_are_right(tmp_path, course):
    """Zeros keep "every column of center_columns(X) has mean 0", and a constant cost is
    unchanged by duplicating the examples: a law (prop(law=True)) a wrong answer keeps
    is shown, but counts only once its function's values are right, as a rule does."""
    from .conftest import make_target, run_cli, solution_with

    zeros = "def center_columns(X):\n    return np.zeros(X.shape)\n"
    target = make_target(tmp_path, course, {"broadcasting": solution_with(course, "broadcasting", zeros)})
    proc = run_cli("check", "broadcasting", "--target", target, "--format", "json")
    assert proc.returncode == 1, proc.stderr
    properties = {p["key"]: p for p in json.loads(proc.stdout)["exercises"][0]["properties"]}
    law, values = properties["center_columns_mean_zero"], properties["center_columns_values"]
    assert values["status"] == "failed" and values["score"] == 0
    assert law["status"] == "skipped" and law["score"] == 0 and law["examples"] == 0, law  # not even run
    assert "counts once center_columns's values are right" in law["message"]
    # Another function's law, its values right, still counts.
    assert properties["pairwise_self"]["status"] == "passed" and properties["pairwise_self"]["score"] > 0


def test_a_failure_is_blamed_on_the_root_of_the_failing_functions_it_calls(tmp_path, course):
    """normal_init is wrong; he_normal and xavier_normal, which call it, fail with it, and
    init_network_random calls those three recipes: its failure is blamed on normal_init,
    the one to fix, not on whichever recipe comes first in its source."""
    from .conftest import make_target, run_cli, solution_with

    folded = "def normal_init(rng, n_in, n_out, std):\n    return np.abs(rng.normal(0.0, std, size=(n_in, n_out)))\n"
    target = make_target(tmp_path, course, {"random_init": solution_with(course, "random_init", folded)})
    proc = run_cli("check", "random_init", "--target", target, "--format", "json")
    assert proc.returncode == 1, proc.stderr
    failing = {p["function"]: p for p in json.loads(proc.stdout)["exercises"][0]["properties"] if p["status"] == "failed"}
    assert {"normal_init", "he_normal", "xavier_normal", "init_network_random"} <= set(failing), sorted(failing)
    assert failing["he_normal"]["cause"] == failing["xavier_normal"]["cause"] == "calls-failing:normal_init"
    assert failing["init_network_random"]["cause"] == "calls-failing:normal_init", failing["init_network_random"]


@settings(max_examples=300, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 12), st.integers(1, 12)),
    values=st.lists(st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 2.5e-300, -7.25]), min_size=144, max_size=144),
)
def test_distinct_rows_counts_as_np_unique_does(shape, values):
    """random_init's fast count of different rows agrees with np.unique(axis=0) on finite
    arrays, -0.0 and 0.0 counted equal as numpy counts them (few values: many repeats)."""
    from graders.properties.random_init import distinct_rows

    W = np.array(values[: shape[0] * shape[1]]).reshape(shape)
    for X in (W, W.T):
        assert distinct_rows(X) == np.unique(X, axis=0).shape[0]


def test_a_law_runs_after_the_values_of_its_function_and_is_reported_in_place():
    """in_turn: a law waits on its function's value properties, so it runs after the
    last of them, wherever it stands; the others keep the course's order."""
    from types import SimpleNamespace

    from graders.engine.runner import in_turn

    def prop(key, function, law=False):
        return SimpleNamespace(key=key, function=function, law=law)

    properties = [prop("f_law", "f", True), prop("f_values", "f"), prop("g_law", "g", True), prop("f_more", "f"),
                  prop("h_law", "h", True), prop("g_values", "g"), prop("f_after", "f", True)]
    assert [p.key for p in in_turn(properties)] == ["f_values", "f_more", "f_law", "h_law", "g_values", "g_law", "f_after"]


def test_a_kit_composite_draws_what_st_composite_draws_and_is_made_only_when_drawn(monkeypatch):
    """graders.kit.composite defers st.composite (and the source check it makes) to
    the first draw; the examples a derandomised run draws are st.composite's own."""
    from hypothesis import given as hypothesis_given
    from hypothesis import settings as hypothesis_settings
    from hypothesis import strategies as st

    from graders import kit

    def shapes(draw, most):
        rows = draw(st.integers(1, most))
        return rows, draw(st.lists(st.floats(-1, 1), min_size=rows, max_size=rows))

    made = []
    real = st.composite
    monkeypatch.setattr(st, "composite", lambda f: made.append(f) or real(f))
    deferred = kit.composite(shapes)(4)
    assert made == [] and deferred.__class__.__name__ == "DeferredStrategy"

    def drawn(strategy):
        values = []

        @hypothesis_settings(derandomize=True, max_examples=60, database=None)
        @hypothesis_given(strategy)
        def collect(value):
            values.append(value)

        collect()
        return values

    assert drawn(deferred) == drawn(real(shapes)(4))
    assert made == [shapes]  # made once, when first drawn
