"""The worker's replies to a batch of calls go out a few at a time (worker.Coalescer).

Each write wakes the parent, which on a virtual machine costs as much as a call, so
the frames are grouped; but a reply must never wait for the call after it, and a
frame must never be lost or cut. These tests drive the Coalescer in this process
(the end-to-end proofs, where a later call times out, crashes or takes SIGALRM, are
in test_replay.py: the fast path must still report as the plain run)."""

from __future__ import annotations

import signal
import time

import pytest

from graders.sandbox.worker import Coalescer


@pytest.fixture
def writes():
    """The Coalescer's writes, recorded; SIGALRM and its timer restored afterwards."""
    handler = signal.getsignal(signal.SIGALRM)
    written: list = []
    yield written
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})


def coalescer(written: list) -> Coalescer:
    return Coalescer(7, lambda fd, data: written.append((fd, data)))


def test_frames_go_out_in_groups_and_the_rest_at_the_end(writes):
    replies = coalescer(writes)
    frames = [b"frame%02d" % i for i in range(Coalescer.COUNT + 3)]
    for frame in frames:
        replies.add(frame)
    assert writes == [(7, b"".join(frames[: Coalescer.COUNT]))]
    replies.flush()
    assert writes[1:] == [(7, b"".join(frames[Coalescer.COUNT :]))]
    replies.flush()
    assert len(writes) == 2  # nothing left: nothing written


def test_a_large_frame_goes_out_at_once(writes):
    replies = coalescer(writes)
    replies.add(b"small")
    replies.add(b"x" * Coalescer.BYTES)
    assert writes == [(7, b"small" + b"x" * Coalescer.BYTES)]


def test_a_reply_does_not_wait_for_the_call_after_it(writes):
    replies = coalescer(writes)
    replies.add(b"first")
    deadline = time.monotonic() + 5
    while not writes and time.monotonic() < deadline:
        pass  # the next call, still running: only the timer can send "first"
    assert writes == [(7, b"first")]


def test_a_reply_does_not_wait_for_a_call_asleep(writes):
    replies = coalescer(writes)
    replies.add(b"first")
    time.sleep(0.5)  # interrupted by the timer, then resumed (PEP 475)
    assert writes == [(7, b"first")]


def test_a_timer_that_cannot_write_keeps_the_frames_for_the_next_flush(writes):
    attempts = []

    def write(fd, data):
        attempts.append(data)
        if len(attempts) == 1:
            raise RecursionError("the student's code was at its recursion limit")
        writes.append((fd, data))

    replies = Coalescer(7, write)
    replies.add(b"first")
    replies._on_timer(signal.SIGALRM, None)  # nothing escapes into the interrupted code
    assert writes == []
    replies.add(b"second")
    replies.flush()
    assert writes == [(7, b"firstsecond")]


@pytest.mark.parametrize("taken", ["ignored", "blocked"])
def test_student_code_that_takes_sigalrm_turns_the_buffering_off(writes, taken):
    replies = coalescer(writes)
    if taken == "ignored":
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
    else:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    replies.add(b"first")
    replies.add(b"second")
    assert writes == [(7, b"first"), (7, b"second")]
