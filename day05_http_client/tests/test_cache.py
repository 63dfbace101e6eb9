"""The on-disk response cache: fresh answers reused, stale or damaged ones ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from day05_http_client import ResponseCache

from .conftest import MakeClient


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_fresh_cached_answer_is_served_without_a_request(
    httpserver: HTTPServer, make_client: MakeClient, tmp_path: Path
) -> None:
    httpserver.expect_request("/price").respond_with_json({"bitcoin": {"usd": 1.0}})
    clock = FakeClock()
    client = make_client(cache=ResponseCache(tmp_path, ttl=60, clock=clock))
    first = client.get(httpserver.url_for("/price"), {"ids": "bitcoin"})
    clock.now += 59
    second = client.get(httpserver.url_for("/price"), {"ids": "bitcoin"})
    assert first == second == {"bitcoin": {"usd": 1.0}}
    assert len(httpserver.log) == 1, "the second call within the TTL must not reach the server"


def test_an_expired_entry_is_fetched_again(
    httpserver: HTTPServer, make_client: MakeClient, tmp_path: Path
) -> None:
    httpserver.expect_ordered_request("/price").respond_with_json({"n": 1})
    httpserver.expect_ordered_request("/price").respond_with_json({"n": 2})
    clock = FakeClock()
    client = make_client(cache=ResponseCache(tmp_path, ttl=60, clock=clock))
    assert client.get(httpserver.url_for("/price")) == {"n": 1}
    clock.now += 61
    assert client.get(httpserver.url_for("/price")) == {"n": 2}, "older than the TTL: refetch"


def test_the_query_string_is_part_of_the_cache_key(
    httpserver: HTTPServer, make_client: MakeClient, tmp_path: Path
) -> None:
    httpserver.expect_request("/p", query_string="ids=a").respond_with_json({"id": "a"})
    httpserver.expect_request("/p", query_string="ids=b").respond_with_json({"id": "b"})
    client = make_client(cache=ResponseCache(tmp_path, ttl=60))
    assert client.get(httpserver.url_for("/p"), {"ids": "a"}) == {"id": "a"}
    assert client.get(httpserver.url_for("/p"), {"ids": "b"}) == {"id": "b"}


@pytest.mark.internal  # the entry's file format is this cache's own design
def test_entries_are_json_files_written_atomically(tmp_path: Path) -> None:
    clock = FakeClock(123.0)
    cache = ResponseCache(tmp_path / "new" / "dir", ttl=10, clock=clock)
    cache.put("http://x/a", {"k": [1, 2]})
    files = list((tmp_path / "new" / "dir").iterdir())
    assert files == [cache.path_for("http://x/a")], "one file per URL, no temporary left over"
    entry = json.loads(files[0].read_text(encoding="utf-8"))
    assert entry == {"url": "http://x/a", "stored_at": 123.0, "body": {"k": [1, 2]}}


@pytest.mark.internal  # the damage is written in this cache's own file format
@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        "",
        "[]",
        '{"url": "http://x/a", "body": 1}',
        '{"url": "http://x/a", "stored_at": "yesterday", "body": 1}',
        '{"url": "http://elsewhere/", "stored_at": 0, "body": 1}',
    ],
    ids=["not-json", "empty", "array", "no-stored-at", "text-stored-at", "another-url"],
)
def test_a_corrupt_entry_is_a_miss_not_a_crash(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache = ResponseCache(tmp_path, ttl=10**9)
    cache.path_for("http://x/a").write_text(damage, encoding="utf-8")
    assert cache.get("http://x/a") is None
    assert "ignoring unreadable cache entry" in caplog.text


def test_a_corrupt_entry_is_replaced_by_the_next_answer(
    httpserver: HTTPServer, make_client: MakeClient, tmp_path: Path
) -> None:
    httpserver.expect_request("/x").respond_with_json({"fresh": True})
    cache = ResponseCache(tmp_path, ttl=60)
    url = httpserver.url_for("/x")
    cache.path_for(url).write_bytes(b"\x00\xff garbage")
    assert make_client(cache=cache).get(url) == {"fresh": True}
    cached = cache.get(url)
    assert cached is not None and cached.body == {"fresh": True}


def test_an_entry_from_the_future_is_not_trusted(tmp_path: Path) -> None:
    clock = FakeClock(1000.0)
    cache = ResponseCache(tmp_path, ttl=60, clock=clock)
    cache.put("http://x/a", 1)
    clock.now = 900.0  # the system clock was set back
    assert cache.get("http://x/a") is None


def test_an_unwritable_cache_is_logged_and_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    ResponseCache(blocker / "cache", ttl=60).put("http://x/a", 1)
    assert "could not write the cache" in caplog.text


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, ttl=60)
    cache.path_for("http://x/a").mkdir()  # os.replace cannot put a file over a directory
    cache.put("http://x/a", 1)
    assert [p.name for p in tmp_path.iterdir()] == [cache.path_for("http://x/a").name]


def test_a_negative_ttl_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ttl"):
        ResponseCache(tmp_path, ttl=-1)
