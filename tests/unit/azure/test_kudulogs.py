"""kudulogs.py: the end of a log answer, within the byte and time bounds (a literal answer, no network)."""
from __future__ import annotations

from dataclasses import dataclass, field

from azext_pyappsvc.azure import kudulogs
from azext_pyappsvc.azure.kudulogs import MAX_LOG_BYTES, MAX_LOG_STREAM, read_tail


@dataclass
class Answer:
    """The three things read_tail uses of an HTTP answer: its status, headers and body chunks."""

    status_code: int
    body: bytes
    headers: dict = field(default_factory=dict)
    chunk: int = 64 * 1024
    served: int = 0

    def iter_content(self, chunk_size=None):
        for start in range(0, len(self.body), self.chunk):
            self.served += len(self.body[start:start + self.chunk])
            yield self.body[start:start + self.chunk]


def lines(count, text="line"):
    return b"".join(f"2026-11-25T06:00:00.000Z {text} {i}\n".encode() for i in range(count))


def test_a_206_is_the_end_already():
    tail = read_tail(Answer(206, b"the end\n"), 1000)
    assert (tail.data, tail.reached_end) == (b"the end\n", True)


def test_a_200_is_streamed_and_only_the_tail_is_kept_from_a_line_start():
    body = lines(50000) + b"2026-11-25T07:00:00.000Z the newest line\n"
    tail = read_tail(Answer(200, body), len(body))
    assert tail.reached_end and tail.data.endswith(b"the newest line\n")
    assert len(tail.data) <= MAX_LOG_BYTES and tail.data.startswith(b"2026-11-25T06:00:00.000Z line ")


def test_a_small_file_is_kept_whole():
    body = lines(3)
    assert read_tail(Answer(200, body), None).data == body


def test_a_file_beyond_the_bound_is_not_streamed_at_all():
    answer = Answer(200, lines(10))
    tail = read_tail(answer, MAX_LOG_STREAM + 1)
    assert (tail.data, tail.reached_end, answer.served) == (b"", False, 0)


def test_content_length_is_used_when_the_listing_gave_no_size():
    tail = read_tail(Answer(200, lines(10), {"Content-Length": str(MAX_LOG_STREAM + 1)}), None)
    assert tail.reached_end is False


def test_the_time_bound_ends_the_stream_and_says_so():
    ticks = iter(range(0, 1000, 15))  # each look at the clock is 15 s later
    tail = read_tail(Answer(200, lines(40000), chunk=1024), None, clock=lambda: next(ticks))
    assert tail.reached_end is False and tail.data


def test_the_byte_bound_ends_a_stream_of_unknown_size(monkeypatch):
    monkeypatch.setattr(kudulogs, "MAX_LOG_STREAM", 4096)
    tail = read_tail(Answer(200, lines(1000), chunk=1024), None)
    assert tail.reached_end is False
