"""Protection: line limits, flood limit, idle clients, abrupt disconnects, slow readers, crowds."""

from __future__ import annotations

import math
import re
import resource
import selectors
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from day19_chat_server.tests.helpers import TIMEOUT, Clients, IrcClient, running_server


def test_lines_split_across_packets_are_put_back_together(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send_raw(b"hel")
    time.sleep(0.05)  # a separate TCP segment
    ada.send_raw(b"lo\nsecond line\r\nthird\n")
    assert [bob.expect("<ada>") for _ in range(3)] == [
        "<ada> hello",
        "<ada> second line",
        "<ada> third",
    ]


def test_oversize_line_is_dropped_with_an_error_and_the_next_one_works(chat: Clients) -> None:
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send_raw(b"x" * 600 + b"\nafter\n")
    assert "512 bytes" in ada.expect(r"^\*\*\* error:"), "the error states the limit"
    assert bob.expect("<ada>") == "<ada> after", "the oversize line is dropped, not relayed"


def test_a_512_byte_line_is_accepted(chat: Clients) -> None:
    """The limit counts CR LF: 510 bytes of text plus CR LF is the longest line."""
    ada, bob = chat.line("ada"), chat.line("bob")
    ada.send_raw(b"y" * 510 + b"\r\n")
    assert bob.expect("<ada>") == "<ada> " + "y" * 510


def test_an_endless_line_is_reported_once_and_forgotten(chat: Clients) -> None:
    bob = chat.irc("bob")
    bob.send_raw(b"PRIVMSG #x :" + b"z" * 100_000)
    bob.send_raw(b"\r\nPING :after\r\n")
    bob.expect_command("417")
    assert bob.expect(" PONG ").endswith(":after")
    assert sum(" 417 " in line for line in bob.seen) == 1, "one 417 per oversize line"


def test_flooding_client_is_slowed_down_not_cut_off() -> None:
    """After a burst, lines are handled at the flood rate: all delivered, in order, later."""
    with running_server(flood_burst=5, flood_rate=20) as server, Clients(server.address) as chat:
        ada, bob = chat.line("ada"), chat.line("bob")
        time.sleep(0.3)  # let ada's bucket refill after joining
        start = time.monotonic()
        ada.send_raw(b"".join(b"line %d\n" % n for n in range(15)))
        got = [bob.expect("<ada>") for _ in range(15)]
        elapsed = time.monotonic() - start
    assert got == [f"<ada> line {n}" for n in range(15)], "nothing is lost, nothing reordered"
    assert elapsed >= 0.35, f"10 lines over the burst at 20/s take about 0.5 s, not {elapsed:.2f} s"


def test_idle_irc_client_is_pinged_then_dropped() -> None:
    with (
        running_server(ping_interval=0.2, ping_timeout=0.3) as server,
        Clients(server.address) as chat,
    ):
        ada, bob = chat.irc("ada"), chat.irc("bob")
        for client in (ada, bob):
            client.join("#rust")
        stop = threading.Event()
        threading.Thread(target=_keep_talking, args=(bob, stop), daemon=True).start()
        try:
            assert ada.expect("PING") == ":day19.chat PING :day19.chat", "quiet clients get PING"
            ada.send("PONG :day19.chat")
            ada.expect("PING")  # answered: still connected, pinged again later
            closing = ada.expect_closed()
            assert any("Ping timeout" in line for line in closing), f"told why: {closing}"
            bob.expect(r"^:ada!\S+ QUIT :Ping timeout")
        finally:
            stop.set()


def _keep_talking(client: IrcClient, stop: threading.Event) -> None:
    """Send a PONG every 0.05 s (any line proves a client is alive) until `stop`."""
    while not stop.wait(0.05):
        client.send("PONG :still here")


def test_idle_netcat_user_is_asked_then_dropped() -> None:
    with (
        running_server(ping_interval=0.2, ping_timeout=0.2) as server,
        Clients(server.address) as chat,
    ):
        ada = chat.line("ada")
        ada.expect(r"still there\?")
        ada.send("")  # an empty line is enough
        ada.expect(r"still there\?")
        assert any("Ping timeout" in line for line in ada.expect_closed())


def test_silent_connection_is_dropped_too() -> None:
    """A socket that never says a word is pinged and closed like the others."""
    with (
        running_server(ping_interval=0.1, ping_timeout=0.1) as server,
        Clients(server.address) as chat,
    ):
        silent = chat.raw()
        assert any("Ping timeout" in line for line in silent.expect_closed())


def test_abrupt_disconnect_is_a_quit_and_the_server_carries_on(chat: Clients) -> None:
    ada, bob, cat = chat.line("ada"), chat.irc("bob"), chat.line("cat")
    bob.join("#lobby")
    cat.say("about to vanish")
    ada.expect("vanish")
    cat.reset()
    ada.expect(r"^\*\*\* cat quit \(")
    bob.expect(r"^:cat!nc@127.0.0.1 QUIT :")
    ada.say("still up")
    assert bob.expect("still up").endswith(":still up")


def test_client_closing_mid_line_is_a_quit(chat: Clients) -> None:
    ada, cat = chat.line("ada"), chat.line("cat")
    cat.send_raw(b"half a li")
    cat.close()
    ada.expect(r"^\*\*\* cat quit \(Connection closed\)$")
    assert not any("half" in line for line in ada.seen), "an unfinished line is never relayed"


def test_server_full_refuses_with_an_error() -> None:
    with running_server(max_clients=2) as server, Clients(server.address) as chat:
        chat.line("ada"), chat.line("bob")
        third = chat.raw()
        assert any("Server is full" in line for line in third.expect_closed())


def test_client_that_never_reads_is_dropped_while_others_keep_full_speed() -> None:
    """A member that stops reading fills only its own queue: it is disconnected (the room is
    told why) and a healthy member gets every message, without a pause."""
    filler = b"x" * 200
    config = {"send_queue_bytes": 64 * 1024, "flood_rate": math.inf}
    with running_server(**config) as server, Clients(server.address) as chat:
        chat.line("stalled", rcvbuf=4096)  # it never reads again
        sender, healthy = chat.line("sender"), chat.line("healthy")
        stop = threading.Event()

        def send_until_the_stall_is_dropped() -> None:
            sent = 0  # the kernel buffers megabytes for the stalled socket before our queue
            while not stop.is_set() and sent < 100_000:
                sender.send_raw(
                    b"".join(b"msg %d %s\n" % (n, filler) for n in range(sent, sent + 500))
                )
                sent += 500
            sender.send_raw(b"done %d\n" % sent)

        thread = threading.Thread(target=send_until_the_stall_is_dropped, daemon=True)
        thread.start()
        received, dropped, longest_gap, last = 0, False, 0.0, time.monotonic()
        while True:
            line = healthy.expect(r"^(<sender> |\*\*\* stalled quit)", timeout=10)
            longest_gap, last = max(longest_gap, time.monotonic() - last), time.monotonic()
            if line.startswith("*** stalled"):
                assert "Send queue exceeded" in line, f"the room is told why: {line}"
                dropped = True
                stop.set()
            elif line.startswith("<sender> done"):
                break
            else:
                assert line == f"<sender> msg {received} {filler.decode()}", "in order, no loss"
                received += 1
        thread.join(timeout=5)
        assert server.client_count == 2, "the stalled client is disconnected"
    assert dropped, "the room hears that the stalled member was dropped"
    assert line == f"<sender> done {received}", "the healthy member got every message"
    assert longest_gap < 1.0, f"the healthy member waited {longest_gap:.2f} s for a message"


@pytest.fixture
def many_descriptors() -> Iterator[None]:
    """Room for 1,000 clients and their 1,000 server sockets in this one process."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2600 if hard == resource.RLIM_INFINITY else min(2600, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.usefixtures("many_descriptors")
def test_a_thousand_connected_clients_all_hear_a_message() -> None:
    count = 1000
    with running_server(flood_rate=math.inf) as server:
        socks = [socket.create_connection(server.address, timeout=TIMEOUT) for _ in range(count)]
        try:
            for n, sock in enumerate(socks):
                sock.sendall(b"/nick c%04d\n" % n)
            online = _read_until(socks, re.compile(rb"\*\*\* you are c\d{4}:"), timeout=30)
            assert online == count, f"only {online} of {count} clients got online"
            socks[-1].sendall(b"hello, crowd\n")
            heard = _read_until(socks[:-1], re.compile(rb"<c0999> hello, crowd\n"), timeout=30)
            assert server.client_count == count
        finally:
            for sock in socks:
                sock.close()
    assert heard == count - 1, f"{heard} of {count - 1} members heard the message"


def _read_until(socks: list[socket.socket], pattern: re.Pattern[bytes], *, timeout: float) -> int:
    """Read every socket (one selector, non-blocking) until each shows `pattern`; count them."""
    buffers = dict.fromkeys(socks, b"")
    done = 0
    with selectors.DefaultSelector() as selector:
        for sock in buffers:
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while done < len(buffers) and time.monotonic() < deadline:
            for key, _ in selector.select(0.5):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                data = sock.recv(1 << 20)
                buffers[sock] = buffers[sock][-64:] + data  # keep a tail: a match may straddle
                if pattern.search(buffers[sock]) or not data:
                    selector.unregister(sock)
                    done += bool(data)
    return done


def test_shutdown_does_not_wait_for_a_client_that_stopped_reading() -> None:
    """Goodbyes get drain_seconds to leave; a client that reads nothing cannot hold the exit."""
    config = {"send_queue_bytes": 16 * 1024 * 1024, "flood_rate": math.inf, "drain_seconds": 0.3}
    server_cm = running_server(**config)
    server = server_cm.__enter__()
    try:
        with Clients(server.address) as chat:
            chat.line("stalled", rcvbuf=4096)
            sender, healthy = chat.line("sender"), chat.line("healthy")
            sender.send_raw(b"".join(b"%d %s\n" % (n, b"y" * 400) for n in range(12_000)))
            for _ in range(12_000):
                healthy.expect(r"^<sender> \d+ y")
            start = time.monotonic()
            server.shutdown()
            healthy.expect_closed()
    finally:
        server_cm.__exit__(None, None, None)
    assert time.monotonic() - start < 2, "shutdown took longer than drain_seconds allows"
