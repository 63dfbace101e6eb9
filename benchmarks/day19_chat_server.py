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
  stall      one server and one room of M members, warmed up (2,000 messages every member
             reads); then rounds in pairs, without and with a stalled member, in alternating
             order so a busy moment of the machine falls on both sides (at least R pairs,
             more until S seconds have passed: short rounds are noisy). In each round one
             member sends the same C messages as fast as the server takes them, and a healthy
             member's throughput is timed from the first send to the last message received.
             The stalled member (its receive window shrunk to 4 KiB; it never reads) joins at
             the start of its round, so the round holds its whole life: the kernel buffering
             ~3 MB for it (about 7,400 messages on Linux loopback), its queue filling, its
             drop, and what comes after. ratio = with / without, the median over pairs
             (goal >= 0.9); pre-drop = the same over the stretch before the drop; dropped@ =
             messages the healthy member had when the room heard of the drop; cpu us/msg =
             the server's CPU per message, and cpu ratio its messages per CPU second with /
             without, which a busy machine disturbs far less than throughput

Usage: python benchmarks/day19_chat_server.py [--clients 1000] [--broadcasts 200]
                                              [--messages 10000] [--rounds 9] [--seconds 40]
                                              [--members 20] [--rows broadcast,stall]
       python benchmarks/day19_chat_server.py --quick   (50 broadcasts; 5 pairs, or 15 s)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
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
        # The peer first relays 1,000 first lines to 999 members each (a million writes): on
        # a busy machine that takes a while, so probe ever less often, for up to 3 minutes.
        give_up = time.monotonic() + 180
        for round_ in itertools.count():
            if time.monotonic() > give_up:
                break
            sender.sendall(b"sync %d\n" % round_)
            deadline = time.monotonic() + min(0.5 * 2**round_, 8)
            while waiting and (left := deadline - time.monotonic()) > 0:
                for key, _ in selector.select(left):
                    ready = key.fileobj
                    assert isinstance(ready, socket.socket)
                    if b"sync" in _recv(ready):
                        waiting.discard(ready)
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
                        ready = key.fileobj
                        assert isinstance(ready, socket.socket)
                        data = tails[ready] + _recv(ready)
                        end = data.rfind(b"\n") + 1
                        tails[ready] = data[end:]
                        for match in STAMP.finditer(data, 0, end):
                            if int(match.group(1)) == k:
                                latencies.append((now - int(match.group(2))) / 1e6)
                                got += 1
    finally:
        for sock in socks:
            sock.close()
    return Broadcast(latencies, count * (clients - 1))


# --- the stall rows --------------------------------------------------------------------------
@dataclass
class Stream:
    """One round: how fast `healthy` received the counted messages, and what the server spent."""

    got: int  # counted messages the healthy member received (all of them unless it stuck)
    seconds: float  # from the first counted send to the last one received (or giving up)
    cpu_seconds: float  # the server process's user + system CPU over the same window
    arrivals: list[float]  # seconds until the healthy member had 100, 200, 300... messages
    dropped_after: int | None  # messages it had when the room heard the stalled member quit

    @property
    def rate(self) -> float:
        return self.got / self.seconds

    def seconds_for(self, count: int) -> float:
        """Seconds until the healthy member had `count` messages (to the nearest hundred)."""
        return self.arrivals[min(max(count // 100, 1), len(self.arrivals)) - 1]


def cpu_seconds(pid: int) -> float:
    """A process's user + system CPU time so far (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stream_rounds(
    address: tuple[str, int], pid: int, *, members: int, count: int, rounds: int, seconds: float
) -> list[tuple[Stream, Stream]]:
    """Pairs of rounds (without, with a stalled member) on one server and one room: at least
    `rounds`, more while the pairs took under `seconds` (at most 4 x `rounds`), since short
    rounds on a fast moment are the noisiest.

    In each round one member sends `count` messages as fast as the server takes them and
    `healthy` counts them. The room is warmed up first (2,000 messages every member reads).
    A stalled member joins at the start of its round and never reads, so the counted
    stretch holds its whole life (full kernel buffers, a full queue, its drop) and what comes
    after; it is closed at the end of the round. The order alternates, so a busy moment of
    the machine falls on both sides.
    """
    socks = open_clients(address, members, prefix="m")
    sender, healthy = socks[-1], socks[0]
    sender.setblocking(True)
    pairs = []
    try:
        sync(sender, socks[:-1])
        with selectors.DefaultSelector() as selector:
            for sock in socks[:-1]:  # every member reads (only `healthy` is counted)
                selector.register(sock, selectors.EVENT_READ)
            _pump(selector, sender, healthy, count=2000)  # warm-up
            start = time.monotonic()
            for round_ in itertools.count():
                spent = time.monotonic() - start
                if round_ >= rounds and (spent >= seconds or round_ >= 4 * rounds):
                    break
                pair: dict[bool, Stream] = {}
                for stalled in (False, True) if round_ % 2 == 0 else (True, False):
                    stall = _join_stalled(address, selector, healthy, round_) if stalled else None
                    cpu = cpu_seconds(pid)
                    pair[stalled] = _pump(selector, sender, healthy, count=count)
                    pair[stalled].cpu_seconds = cpu_seconds(pid) - cpu
                    if stall is not None:
                        stall.close()
                pairs.append((pair[False], pair[True]))
        return pairs
    finally:
        with suppress(OSError):  # wakes a send thread blocked on a stuck server
            sender.shutdown(socket.SHUT_RDWR)
        for sock in socks:
            sock.close()


def _join_stalled(
    address: tuple[str, int], selector: selectors.BaseSelector, healthy: socket.socket, n: int
) -> socket.socket:
    """A member with a 4 KiB receive window that never reads: back once the room heard it join.

    (Our server announces `*** stallN joined`; the peers relay its `/nick stallN` line.)
    """
    stall = socket.socket()
    stall.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stall.connect(address)
    nick = b"stall%d" % n
    stall.sendall(b"/nick %s\n" % nick)
    heard, deadline = b"", time.monotonic() + 10
    while nick + b" " not in heard and nick + b"\n" not in heard and time.monotonic() < deadline:
        for key, _ in selector.select(0.5):
            data = _recv(key.fileobj)  # type: ignore[arg-type]
            if key.fileobj is healthy:
                heard = heard[-64:] + data
    return stall


def _pump(
    selector: selectors.BaseSelector,
    sender: socket.socket,
    healthy: socket.socket,
    *,
    count: int,
    limit: float = 60,
) -> Stream:
    """Send `count` messages from a thread; read every member until `healthy` has them all.

    Gives up after `limit` seconds, or 3 s without a message (a server that is stuck).
    """
    marker = FILLER + b"\n"
    lines = [b"s%d %s" % (n, marker) for n in range(count)]
    batches = [b"".join(lines[n : n + 500]) for n in range(0, count, 500)]
    thread = threading.Thread(target=_send_all, args=(sender, batches), daemon=True)
    got, tail, dropped_after = 0, b"", None
    arrivals: list[float] = []
    start = last = time.monotonic()
    thread.start()
    while got < count and (now := time.monotonic()) < min(start + limit, last + 3):
        for key, _ in selector.select(0.2):
            data = _recv(key.fileobj)  # type: ignore[arg-type]
            if key.fileobj is not healthy or not data:
                continue
            data, last = tail + data, time.monotonic()
            end = data.rfind(b"\n") + 1
            if dropped_after is None and b"quit (Send queue exceeded)" in data:
                dropped_after = got
            got += data.count(marker, 0, end)
            tail = data[end:]
            arrivals.extend([last - start] * (got // 100 - len(arrivals)))
    return Stream(got, (last if got == count else now) - start, 0.0, arrivals, dropped_after)


def _send_all(sock: socket.socket, batches: list[bytes]) -> None:
    try:
        for batch in batches:
            sock.sendall(batch)
    except OSError:  # the benchmark closed the socket: a stuck server's row is over
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


def broadcast_rows(*, clients: int, count: int) -> int:
    """Print the broadcast table; return the messages our server lost."""
    print(f"broadcast: {clients} clients, {count} messages, one at a time")
    head = ("server", "deliveries", "lost", "p50 ms", "p99 ms", "peak MiB")
    print("{:<12} {:>11} {:>5} {:>8} {:>8} {:>9}".format(*head))
    rows: dict[str, Broadcast] = {}
    for kind in ("ours", "peer-write"):
        with served(kind) as (address, pid):
            result = rows[kind] = broadcast(address, clients=clients, count=count)
            memory = peak_rss_mib(pid)
        p50, p99 = percentile(result.latencies_ms, 50), percentile(result.latencies_ms, 99)
        print(
            f"{kind:<12} {len(result.latencies_ms):>11} {result.lost:>5} {p50:>8.2f} "
            f"{p99:>8.2f} {memory:>9.1f}"
        )
    ours, peer = rows["ours"], rows["peer-write"]
    ratio = percentile(ours.latencies_ms, 50) / percentile(peer.latencies_ms, 50)
    print(f"p50 ours / asyncio peer: {ratio:.2f} (lower is better)\n")
    return ours.lost


def stall_rows(*, members: int, count: int, rounds: int, seconds: float) -> float:
    """Print the stall table; return our ratio (the median over rounds)."""
    load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"stall: {members} members; {count} {len(FILLER)}-byte messages per round after a "
        f"2000-message warm-up, one server each; ours >= {rounds} pairs (until {seconds:g} s), "
        f"alternated (peers 1 pair); load average {load} on {os.cpu_count()} CPUs"
    )
    head = ("server", "msgs/s", "stalled", "ratio", "pre-drop", "dropped@", "cpu us/msg")
    print(STALL_ROW.format(*head, "stalled", "cpu ratio", "peak MiB"))
    ours = 0.0
    for kind in ("ours", "peer-write", "peer-drain"):
        with served(kind) as (address, pid):
            n = rounds if kind == "ours" else 1  # a peer's stalled round is its last: it may stick
            budget = seconds if kind == "ours" else 0
            pairs = stream_rounds(
                address, pid, members=members, count=count, rounds=n, seconds=budget
            )
            memory = peak_rss_mib(pid)
        print(STALL_ROW.format(kind, *_stall_cells(pairs), f"{memory:.1f}"))
        if kind == "ours":
            ours = statistics.median(b.rate / a.rate for a, b in pairs)
            each = " ".join(f"{b.rate / a.rate:.2f}" for a, b in pairs)
            print(f"{'':<11} ratio of each of {len(pairs)} pairs: {each}  (goal: median >= 0.9)")
    return ours


STALL_ROW = "{:<11} {:>8} {:>8} {:>6} {:>8} {:>9} {:>10} {:>8} {:>9} {:>8}"


def _stall_cells(pairs: list[tuple[Stream, Stream]]) -> list[str]:
    """Medians over the (without, with) pairs; a ratio is with / without, 1.0 = no cost."""

    def median(values: Iterable[float], form: str = "{:.2f}") -> str:
        found = list(values)
        return form.format(statistics.median(found)) if found else "-"

    def cpu(stream: Stream) -> float:  # the server's CPU per message received, in us
        return stream.cpu_seconds / max(stream.got, 1) * 1e6

    drops = [b.dropped_after for _, b in pairs if b.dropped_after]
    return [
        median((a.rate for a, _ in pairs), "{:.0f}"),
        median((b.rate for _, b in pairs), "{:.0f}"),
        median(b.rate / a.rate for a, b in pairs),
        median(  # over the stretch before the stalled member was dropped
            a.seconds_for(d) / b.seconds_for(d)
            for a, b in pairs
            if (d := b.dropped_after) and d >= 100
        ),
        median(drops, "{:.0f}"),
        median((cpu(a) for a, _ in pairs), "{:.1f}"),
        median((cpu(b) for _, b in pairs), "{:.1f}"),
        median(cpu(a) / cpu(b) for a, b in pairs),  # messages per server CPU second
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--broadcasts", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10000, help="per stall round")
    parser.add_argument("--members", type=int, default=20, help="room size in the stall rows")
    parser.add_argument("--rounds", type=int, default=9, help="stall pairs of ours, at least")
    parser.add_argument("--seconds", type=float, default=40, help="more pairs until this long")
    parser.add_argument("--rows", default="broadcast,stall", help="which tables to print")
    parser.add_argument("--quick", action="store_true", help="50 broadcasts, 5 pairs or 15 s")
    parser.add_argument("--serve-peer", choices=["write", "drain"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_peer:
        raise_file_limit(args.clients * 2 + 100)
        asyncio.run(_peer_main(drain=args.serve_peer == "drain"))
        return 0
    if args.quick:
        args.broadcasts, args.rounds, args.seconds = 50, 5, 15
    raise_file_limit(args.clients * 2 + 100)

    lost = 0
    if "broadcast" in args.rows:
        lost = broadcast_rows(clients=args.clients, count=args.broadcasts)
    if "stall" in args.rows:
        stall_rows(
            members=args.members, count=args.messages, rounds=args.rounds, seconds=args.seconds
        )
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
