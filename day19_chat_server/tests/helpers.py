"""Test helpers: a server on a loopback port in a thread, and small blocking clients.

These always come from the reference (also when a learner's attempt is graded), so they use
only the public interface, `ChatServer` and `ChatConfig`, and parse IRC lines themselves.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from day19_chat_server import ChatConfig, ChatServer

TIMEOUT = 3.0  # seconds a client waits for an expected line before the test fails
Address = tuple[str, int]


@contextmanager
def running_server(**config: Any) -> Iterator[ChatServer]:
    """A ChatServer on 127.0.0.1, port 0, serving in a thread; stopped (and joined) after."""
    server = ChatServer(ChatConfig(**{"host": "127.0.0.1", "port": 0, **config}))
    thread = threading.Thread(target=server.serve_forever, name="chat-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=30)  # closing 1,000 connections takes a while on a busy machine
        assert not thread.is_alive(), "the server did not stop within 30 s of shutdown()"


class Client:
    """A blocking socket that reads whole lines, with a deadline on every wait."""

    def __init__(self, address: Address, *, rcvbuf: int | None = None) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf is not None:  # before connect(): it sets the window the peer may fill
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect(address)
        self._buffer = b""
        self.seen: list[str] = []

    def close(self) -> None:
        """Close the socket."""
        self.sock.close()

    def reset(self) -> None:
        """Vanish abruptly: close with a TCP reset, as a crashed machine's kernel would."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        self.sock.close()

    def send_raw(self, data: bytes) -> None:
        """Send bytes exactly as given."""
        self.sock.sendall(data)

    def send(self, line: str) -> None:
        """Send one line (LF-terminated; IRC clients override this with CR LF)."""
        self.sock.sendall(line.encode("utf-8") + b"\n")

    def read_line(self, timeout: float = TIMEOUT) -> str | None:
        """The next line, or None when the server closed the connection."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except ConnectionResetError:
                data = b""
            if not data:
                if not self._buffer:
                    return None
                data = b"\n"  # a last line without its ending
            self._buffer += data
        raw, _, self._buffer = self._buffer.partition(b"\n")
        line = raw.rstrip(b"\r").decode("utf-8", errors="replace")
        self.seen.append(line)
        return line

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> str:
        """Read lines until one matches the regular expression (re.search); return it."""
        start = len(self.seen)
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.read_line(max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                line = None
                why = f"within {timeout:g} s"
            else:
                why = "before the server closed the connection"
            if line is None:
                got = "\n  ".join(self.seen[start:]) or "(nothing)"
                raise AssertionError(f"expected a line matching {pattern!r} {why}; got:\n  {got}")
            if re.search(pattern, line):
                return line

    def expect_closed(self, timeout: float = TIMEOUT) -> list[str]:
        """Read until the server closes the connection; return the lines that came first."""
        start = len(self.seen)
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.read_line(max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                got = "\n  ".join(self.seen[start:]) or "(nothing)"
                raise AssertionError(
                    f"expected the server to close the connection within {timeout:g} s; got:\n  "
                    + got
                ) from None
            if line is None:
                return self.seen[start:]

    def quiet(self, seconds: float = 0.2) -> list[str]:
        """Every line that arrives in the next `seconds` (to show that nothing more came)."""
        start = len(self.seen)
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                if self.read_line(left) is None:
                    break
            except TimeoutError:
                break
        return self.seen[start:]


class LineClient(Client):
    """A netcat user: `LineClient(address, nick="ada")` is online in #lobby as ada."""

    def __init__(self, address: Address, *, nick: str | None = None, **kwargs: Any) -> None:
        super().__init__(address, **kwargs)
        if nick is not None:
            self.send(f"/nick {nick}")  # as the first line: online under that nick at once
            self.expect(rf"^\*\*\* you are {re.escape(nick)}:")
            self.nick = nick

    def say(self, text: str) -> None:
        """A plain line: said to the current room."""
        self.send(text)


def split_irc(line: str) -> tuple[str | None, str, list[str]]:
    """(source, command, params) of an IRC line, parsed here rather than by the attempt."""
    source = None
    if line.startswith(":"):
        source, _, line = line[1:].partition(" ")
    head, colon, trailing = line.partition(" :")
    words = head.split()
    params = words[1:] + ([trailing] if colon else [])
    return source, words[0] if words else "", params


class IrcClient(Client):
    """A scripted IRC client: CR LF lines, registration, and matching by command."""

    def send(self, line: str) -> None:
        """Send one IRC line with CR LF."""
        self.sock.sendall(line.encode("utf-8") + b"\r\n")

    def register(self, nick: str, *, user: str | None = None, realname: str = "Test") -> None:
        """What real clients send first, then wait for the end of the welcome (376 or 422)."""
        self.send("CAP LS 302")
        self.send(f"NICK {nick}")
        self.send(f"USER {user or nick} 0 * :{realname}")
        self.expect(r"^:\S+ CAP \* LS :")
        self.send("CAP END")
        self.expect(rf"^:\S+ 001 {re.escape(nick)} :")
        self.expect(r"^:\S+ (376|422) ")
        self.nick = nick

    def expect_command(self, command: str, *params: str, timeout: float = TIMEOUT) -> list[str]:
        """Read until a line with this command (and these first parameters); return its params.

        For numerics the first parameter (our own nick) is left out of the comparison.
        """
        deadline = time.monotonic() + timeout
        while True:
            line = self.expect(rf"^(:\S+ )?{command}\b", max(0.0, deadline - time.monotonic()))
            _, _, got = split_irc(line)
            got = got[1:] if command.isdigit() else got
            if list(got[: len(params)]) == list(params):
                return got

    def join(self, room: str) -> None:
        """JOIN and wait for the end of the names list."""
        self.send(f"JOIN {room}")
        self.expect_command("366", room)


class Clients:
    """Clients of one server, all closed at the end: `chat.line("ada")`, `chat.irc("bob")`."""

    def __init__(self, address: Address) -> None:
        self.address = address
        self._open: list[Client] = []

    def __enter__(self) -> Clients:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def line(self, nick: str | None = None, **kwargs: Any) -> LineClient:
        """A netcat user; with a nick, online under it in #lobby."""
        client = LineClient(self.address, nick=nick, **kwargs)
        self._open.append(client)
        return client

    def irc(self, nick: str | None = None, **kwargs: Any) -> IrcClient:
        """An IRC client; with a nick, registered under it."""
        client = IrcClient(self.address, **kwargs)
        self._open.append(client)
        if nick is not None:
            client.register(nick)
        return client

    def raw(self, **kwargs: Any) -> Client:
        """A connected socket that has said nothing yet."""
        client = Client(self.address, **kwargs)
        self._open.append(client)
        return client

    def close(self) -> None:
        """Close every client opened here."""
        for client in self._open:
            client.close()
        self._open.clear()
