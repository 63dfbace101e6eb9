"""Day 19 benchmark: the selector chat server beside a minimal asyncio broadcast server.

Both run as subprocesses on loopback; this process is every client at once (one selector).
  peer       a minimal asyncio broadcast server written for this benchmark: each line a
             client sends is written to every other client. Two variants: `write` (no
             drain: fast, unbounded buffers) and `drain` (await drain() per recipient, the
             textbook fix for memory, which lets one slow reader stall everyone)
Rows:
  broadcast  N clients in one room; one member sends B messages one at a time, each stamped
             with its send time; every other member must receive every one (loss must be
             0): p50/p99 latency over all deliveries, and each server's peak memory
  stall      a healthy member's throughput while a sender streams for S seconds (counted
             over the second half), with one member that never reads (its receive window
             shrunk to 4 KiB) / without it (goal >= 0.9)

Usage: python benchmarks/day19_chat_server.py [--clients 1000] [--broadcasts 200]
                                              [--seconds 8] [--members 20]
       python benchmarks/day19_chat_server.py --quick   (50 broadcasts, 4 s streams)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import selectors
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = re.compile(rb"t(\d+) (\d+)\n")  # "t<k> <send time ns>", with or without "<nick> "
FILLER = b"x" * 400  # the body of each streamed message


# --- the peer: a minimal asyncio broadcast server --------------------------------------------
async def _peer_main(drain: bool) -> None:
    writers: set[asyncio.StreamWriter] = set()

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.add(writer)
        try:
            while line := await reader.readline():
                for other in list(writers):
                    if other is not writer:
                        other.write(line)
                        if drain:
                            await other.drain()
        except ConnectionError:
            pass
        finally:
            writers.discard(writer)
            writer.close()

    server = await asyncio.start_server(client, "127.0.0.1", 0, limit=1 << 16, backlog=2048)
    host, port = server.sockets[0].getsockname()[:2]
    print(f"Serving peer on {host}:{port}", flush=True)
    async with server:
        await server.serve_forever()


# --- servers as subprocesses -----------------------------------------------------------------
@contextmanager
def served(kind: str) -> Iterator[tuple[tuple[str, int], int]]:
    """Start `ours`, `peer-write` or `peer-drain`; yield its address and pid."""
    if kind == "ours":
        command = ["-m", "day19_chat_server", "--port", "0", "--flood-rate", "1e9"]
    else:
        command = [__file__, "--serve-peer", kind.removeprefix("peer-")]
    process = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "LOG_LEVEL": "WARNING"},
    )
    try:
        assert process.stdout is not None
        match = re.search(r"on (\S+):(\d+)", process.stdout.readline())
        assert match, f"{kind} did not start"
        yield (match.group(1), int(match.group(2))), process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def peak_rss_mib(pid: int) -> float:
    """A process's peak resident memory (Linux /proc), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- clients ---------------------------------------------------------------------------------
def open_clients(address: tuple[str, int], count: int, *, prefix: str) -> list[socket.socket]:
    """`count` connected members, each having sent its first line (`/nick PREFIXnnnn`)."""
    socks = []
    for n in range(count):
        sock = socket.create_connection(address, timeout=10)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(b"/nick %s%04d\n" % (prefix.encode(), n))
        socks.append(sock)
    for sock in socks:
        sock.setblocking(False)
    return socks


def read_all(selector: selectors.BaseSelector, seconds: float) -> None:
    """Throw away whatever arrives for `seconds` (join notices and the like)."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        for key, _ in selector.select(left):
            _recv(key.fileobj)  # type: ignore[arg-type]


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(1 << 20)
    except BlockingIOError:
        return b""


def sync(sender: socket.socket, receivers: list[socket.socket]) -> None:
    """Send probes until every receiver has heard the sender: all are in the room."""
    waiting = set(receivers)
    with selectors.DefaultSelector() as selector:
        for sock in receivers:
            selector.register(sock, selectors.EVENT_READ)
        for round_ in range(40):
            sender.sendall(b"sync %d\n" % round_)
            deadline = time.monotonic() + 0.5
            while waiting and (left := deadline - time.monotonic()) > 0:
                for key, _ in selector.select(left):
                    sock = key.fileobj
                    assert isinstance(sock, socket.socket)
                    if b"sync" in _recv(sock):
                        waiting.discard(sock)
            if not waiting:
                read_all(selector, 0.3)
                return
    raise RuntimeError(f"{len(waiting)} members never joined the room")


@dataclass
class Broadcast:
    latencies_ms: list[float]
    expected: int

    @property
    def lost(self) -> int:
        return self.expected - len(self.latencies_ms)


def broadcast(address: tuple[str, int], *, clients: int, count: int) -> Broadcast:
    """One sender, clients - 1 receivers; `count` stamped messages, one at a time."""
    socks = open_clients(address, clients, prefix="c")
    sender, receivers = socks[-1], socks[:-1]
    latencies: list[float] = []
    try:
        sync(sender, receivers)
        tails = dict.fromkeys(receivers, b"")
        with selectors.DefaultSelector() as selector:
            for sock in receivers:
                selector.register(sock, selectors.EVENT_READ)
            for k in range(count):
                got = 0
                sender.sendall(b"t%d %d\n" % (k, time.monotonic_ns()))
                deadline = time.monotonic() + 5
                while got < len(receivers) and (left := deadline - time.monotonic()) > 0:
                    for key, _ in selector.select(left):
                        now = time.monotonic_ns()
                        sock = key.fileobj
                        assert isinstance(sock, socket.socket)
                        data = tails[sock] + _recv(sock)
                        end = data.rfind(b"\n") + 1
                        tails[sock] = data[end:]
                        for match in STAMP.finditer(data, 0, end):
                            if int(match.group(1)) == k:
                                latencies.append((now - int(match.group(2))) / 1e6)
                                got += 1
    finally:
        for sock in socks:
            sock.close()
    return Broadcast(latencies, count * (clients - 1))


def stream(address: tuple[str, int], *, members: int, seconds: float, stalled: bool) -> float:
    """Messages/s one healthy member receives while another streams for `seconds`.

    Counted over the second half only: by then a stalled member's kernel buffers (megabytes
    on loopback) are full, and what the server does about it shows.
    """
    stall = None
    if stalled:
        stall = socket.socket()
        stall.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stall.connect(address)
        stall.sendall(b"/nick stalled\n")  # and never reads again
    socks = open_clients(address, members, prefix="m")
    sender, healthy = socks[-1], socks[0]
    try:
        sync(sender, socks[:-1])
        batch = b"".join(b"s%d %s\n" % (n, FILLER) for n in range(500))
        sender.setblocking(True)
        threading.Thread(target=_send_forever, args=(sender, batch), daemon=True).start()
        start = time.monotonic()
        counted, tail = 0, b""
        with selectors.DefaultSelector() as selector:
            for sock in socks[:-1]:  # every member reads (only `healthy` is counted)
                selector.register(sock, selectors.EVENT_READ)
            while (now := time.monotonic()) < start + seconds:
                for key, _ in selector.select(0.2):
                    data = _recv(key.fileobj)  # type: ignore[arg-type]
                    if key.fileobj is not healthy:
                        continue
                    data = tail + data
                    end = data.rfind(b"\n") + 1
                    if now >= start + seconds / 2:
                        counted += data.count(FILLER + b"\n", 0, end)
                    tail = data[end:]
        return counted / (seconds / 2)
    finally:
        for sock in [*socks, *([stall] if stall else [])]:
            sock.close()


def _send_forever(sock: socket.socket, batch: bytes) -> None:
    try:
        while True:
            sock.sendall(batch)
    except OSError:  # the benchmark closed the socket: the row is over
        pass


# --- the report ------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of values, nan for none."""
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def raise_file_limit(wanted: int) -> None:
    """This process holds every client socket: lift the soft limit towards the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--broadcasts", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=8.0, help="streaming per stall row")
    parser.add_argument("--members", type=int, default=20, help="room size in the stall row")
    parser.add_argument("--repeat", type=int, default=3, help="stall runs of ours (the median)")
    parser.add_argument("--quick", action="store_true", help="50 broadcasts, 4 s streams")
    parser.add_argument("--serve-peer", choices=["write", "drain"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_peer:
        raise_file_limit(args.clients * 2 + 100)
        asyncio.run(_peer_main(drain=args.serve_peer == "drain"))
        return 0
    if args.quick:
        args.broadcasts, args.seconds, args.repeat = 50, 4.0, 1
    raise_file_limit(args.clients * 2 + 100)

    print(f"broadcast: {args.clients} clients, {args.broadcasts} messages, one at a time")
    head = ("server", "deliveries", "lost", "p50 ms", "p99 ms", "peak MiB")
    print("{:<12} {:>11} {:>5} {:>8} {:>8} {:>9}".format(*head))
    rows: dict[str, Broadcast] = {}
    for kind in ("ours", "peer-write"):
        with served(kind) as (address, pid):
            result = rows[kind] = broadcast(address, clients=args.clients, count=args.broadcasts)
            memory = peak_rss_mib(pid)
        p50, p99 = percentile(result.latencies_ms, 50), percentile(result.latencies_ms, 99)
        print(
            f"{kind:<12} {len(result.latencies_ms):>11} {result.lost:>5} {p50:>8.2f} "
            f"{p99:>8.2f} {memory:>9.1f}"
        )
    ours, peer = rows["ours"], rows["peer-write"]
    ratio = percentile(ours.latencies_ms, 50) / percentile(peer.latencies_ms, 50)
    print(f"p50 ours / asyncio peer: {ratio:.2f} (lower is better)\n")

    print(f"stall: {args.members} members, {len(FILLER)}-byte messages streamed {args.seconds:g} s")
    print(f"{'server':<12} {'msgs/s':>10} {'stalled':>10} {'ratio':>6} {'peak MiB':>9}")
    for kind in ("ours", "peer-write", "peer-drain"):
        rates: dict[bool, list[float]] = {False: [], True: []}
        memory = 0.0
        for _ in range(args.repeat if kind == "ours" else 1):
            for stalled in (False, True):  # alternated, so a busy moment hits both
                with served(kind) as (address, pid):
                    rate = stream(
                        address, members=args.members, seconds=args.seconds, stalled=stalled
                    )
                    rates[stalled].append(rate)
                    memory = max(memory, peak_rss_mib(pid))
        healthy, stall = statistics.median(rates[False]), statistics.median(rates[True])
        goal = f"  (goal >= 0.9; median of {args.repeat})" if kind == "ours" else ""
        print(
            f"{kind:<12} {healthy:>10.0f} {stall:>10.0f} {stall / max(healthy, 1):>6.2f} "
            f"{memory:>9.1f}{goal}"
        )
    return 0 if ours.lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
