"""ChatServer: one thread, one selector, every socket non-blocking.

The loop: wait until some socket is ready (or a timer is due), accept new clients, read what
arrived and handle its complete lines, run the timers, then flush every connection that has
output. Nothing ever waits on one client, so a slow one cannot slow the rest.
"""

from __future__ import annotations

import logging
import selectors
import socket
import time

from day19_chat_server.config import ChatConfig
from day19_chat_server.connection import SEND_QUEUE_FULL, Connection
from day19_chat_server.detect import FirstLineSession
from day19_chat_server.hub import Hub
from day19_chat_server.ircmsg import format_message

logger = logging.getLogger(__name__)

ACCEPT_BATCH = 64  # new clients per loop turn, so a connection storm cannot starve the chat
ACCEPT_PAUSE = 0.5  # seconds without accepting after the process ran out of descriptors
SHUTDOWN_REASON = "Server shutting down"


def listen(host: str, port: int) -> socket.socket:
    """A non-blocking listening TCP socket; OSError when the address is taken or unknown."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart without waiting
        sock.bind(address)
        sock.listen(1024)  # the backlog: connections the kernel holds until we accept()
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class ChatServer:
    """The chat: `serve_forever()` in one thread, `shutdown()` from any thread or a signal.

    The constructor binds the port (OSError if it cannot), so `address` is known at once.
    """

    def __init__(self, config: ChatConfig | None = None) -> None:
        self.config = config or ChatConfig()
        self.hub = Hub()
        self._listener = listen(self.config.host, self.config.port)
        self._selector = selectors.DefaultSelector()  # epoll on Linux, kqueue on macOS
        self._selector.register(self._listener, selectors.EVENT_READ)
        # A socket pair to wake select() from shutdown(): the self-pipe trick.
        self._wake_in, self._wake_out = socket.socketpair()
        self._wake_in.setblocking(False)
        self._wake_out.setblocking(False)
        self._selector.register(self._wake_in, selectors.EVENT_READ)
        self._connections: dict[Connection, None] = {}
        self._dirty: set[Connection] = set()  # output to flush, interest to update, or closing
        self._throttled: set[Connection] = set()  # lines waiting for flood-limit tokens
        self._stop_reason: str | None = None
        self._next_sweep = 0.0
        self._accept_paused_until: float | None = None

    @property
    def address(self) -> tuple[str, int]:
        """Where it listens: (host, port), the real port when the config said 0."""
        host, port = self._listener.getsockname()[:2]
        return host, port

    @property
    def client_count(self) -> int:
        """Open connections, registered or not."""
        return len(self._connections)

    def serve_forever(self) -> None:
        """Serve until shutdown(); then tell every client why and close everything."""
        try:
            while self._stop_reason is None:
                self._run_once()
            self._say_goodbye(self._stop_reason)
        finally:
            self._close_everything()

    def shutdown(self, reason: str = SHUTDOWN_REASON) -> None:
        """Stop the loop soon; safe from another thread or a signal handler."""
        if self._stop_reason is None:
            self._stop_reason = reason
        try:
            self._wake_out.send(b"\0")
        except OSError:  # already closed, or the pipe is full of wake-ups: either way it wakes
            pass

    # --- the loop --------------------------------------------------------------------
    def _run_once(self) -> None:
        # solution: select, accept/read/write what is ready, run the timers, flush the output
        ready = self._selector.select(self._timeout())
        now = time.monotonic()
        for key, events in ready:
            if isinstance(key.data, Connection):
                self._service(key.data, events, now)
            elif key.fileobj is self._listener:
                self._accept(now)
            else:
                self._drain_wake_ups()
        for conn in list(self._throttled):
            self._handle_input(conn, now)
        if self._accept_paused_until is not None and now >= self._accept_paused_until:
            self._accept_paused_until = None
            self._selector.register(self._listener, selectors.EVENT_READ)
        if now >= self._next_sweep:
            self._sweep(now)
        self._flush()
        # end solution

    def _timeout(self) -> float:
        """Seconds select() may wait: until the idle sweep, a throttled line or accepting."""
        now = time.monotonic()
        due = [self._next_sweep]
        if self._throttled:
            due.append(now + min(conn.bucket.delay(now) for conn in self._throttled))
        if self._accept_paused_until is not None:
            due.append(self._accept_paused_until)
        return max(0.0, min(due) - now)

    def _service(self, conn: Connection, events: int, now: float) -> None:
        if events & selectors.EVENT_WRITE:
            conn.flush()
            self._dirty.add(conn)  # maybe no more need to watch for writability
        if events & selectors.EVENT_READ and conn.receive(now):
            self._handle_input(conn, now)

    def _handle_input(self, conn: Connection, now: float) -> None:
        """Handle waiting lines while the flood limit allows; the rest wait (and reading stops)."""
        while conn.pending and conn.closing is None:
            if not conn.bucket.take(now):
                self._throttled.add(conn)
                break
            line = conn.pending.popleft()
            session = conn.session  # the first line replaces the session: read it every time
            assert session is not None
            try:
                session.handle(line) if line is not None else session.line_too_long()
            except Exception:  # a bug must cost one client its connection, not the server
                logger.exception("%r: error handling %r", conn, line)
                conn.close_soon("Internal server error")
        else:
            self._throttled.discard(conn)
        self._dirty.add(conn)

    def _accept(self, now: float) -> None:
        for _ in range(ACCEPT_BATCH):
            try:
                sock, address = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:  # EMFILE, ENFILE: out of file descriptors
                logger.warning("cannot accept clients for %.1f s: %s", ACCEPT_PAUSE, exc)
                self._selector.unregister(self._listener)
                self._accept_paused_until = now + ACCEPT_PAUSE
                return
            self._admit(sock, address, now)

    def _admit(self, sock: socket.socket, address: tuple[str, int], now: float) -> None:
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # chat lines are small
        if len(self._connections) >= self.config.max_clients:
            full = f"Closing Link: {address[0]} (Server is full)"
            try:
                sock.send(format_message(None, "ERROR", text=full))
            except OSError:
                pass
            sock.close()
            return
        conn = Connection(sock, address, config=self.config, now=now, dirty=self._dirty)
        conn.session = FirstLineSession(conn, hub=self.hub, config=self.config)
        self._connections[conn] = None
        logger.debug("%r connected (%d clients)", conn, len(self._connections))
        conn.session.start()
        self._dirty.add(conn)

    def _drain_wake_ups(self) -> None:
        try:
            while self._wake_in.recv(4096):
                pass
        except BlockingIOError:
            pass

    def _sweep(self, now: float) -> None:
        """Ping clients quiet for ping_interval; drop those that stayed quiet ping_timeout more."""
        self._next_sweep = now + max(
            0.01, min(self.config.ping_interval, self.config.ping_timeout) / 4
        )
        for conn in self._connections:
            if conn.closing is not None or conn.session is None:
                continue
            if conn.pinged_at is None:
                if now - conn.last_heard >= self.config.ping_interval:
                    conn.session.ping()
                    conn.pinged_at = now
            elif now - conn.pinged_at >= self.config.ping_timeout:
                quiet = now - conn.last_heard
                conn.close_soon(f"Ping timeout: {round(quiet, 1):g} seconds", notify=True)

    def _flush(self) -> None:
        """Send what each dirty connection has, update what we watch it for, or close it."""
        while self._dirty:  # dropping one can make others dirty (they hear its QUIT)
            conn = self._dirty.pop()
            if conn not in self._connections:
                continue
            # A connection watched for writability had a full kernel buffer at its last send:
            # trying again before the selector says it drained costs a failed send() per turn,
            # so a client that stopped reading is not touched again until then (or its drop).
            if conn.closing is None and not conn.interest & selectors.EVENT_WRITE:
                conn.flush()
            if conn.closing is None:
                self._watch(conn)
            else:
                self._drop(conn)

    def _watch(self, conn: Connection) -> None:
        """Read unless lines are waiting for the flood limit; write while output waits."""
        wanted = 0 if conn.pending else selectors.EVENT_READ
        if conn.outbox:
            wanted |= selectors.EVENT_WRITE
        if wanted == conn.interest:
            return
        if conn.interest == 0:
            self._selector.register(conn.sock, wanted, conn)
        elif wanted == 0:
            self._selector.unregister(conn.sock)
        else:
            self._selector.modify(conn.sock, wanted, conn)
        conn.interest = wanted

    def _drop(self, conn: Connection) -> None:
        reason = conn.closing or "Connection closed"
        del self._connections[conn]
        self._throttled.discard(conn)
        if conn.interest:
            self._selector.unregister(conn.sock)
            conn.interest = 0
        logger.debug("%r disconnected: %s", conn, reason)
        assert conn.session is not None
        conn.session.disconnected(reason)  # room-mates hear it (and may become dirty)
        if conn.notify:
            conn.make_room_for_goodbye()
            conn.session.goodbye(reason)
        conn.flush()  # one try, never a wait: last words such as QUIT's ERROR line
        conn.sock.close()
        if reason == SEND_QUEUE_FULL:
            logger.info("%r dropped: it stopped reading (%s)", conn, reason)

    def _say_goodbye(self, reason: str) -> None:
        """Tell every client, then give the goodbyes up to drain_seconds to leave."""
        logger.info("shutting down: %d clients", len(self._connections))
        for conn in self._connections:
            if conn.closing is None and conn.session is not None:
                conn.session.goodbye(reason)
        waiting = [conn for conn in self._connections if conn.outbox]
        deadline = time.monotonic() + self.config.drain_seconds
        with selectors.DefaultSelector() as drain:
            for conn in waiting:
                conn.flush()
                if conn.outbox and conn.closing is None:
                    drain.register(conn.sock, selectors.EVENT_WRITE, conn)
            while drain.get_map() and (left := deadline - time.monotonic()) > 0:
                for key, _ in drain.select(left):
                    conn = key.data
                    conn.flush()
                    if not conn.outbox or conn.closing is not None:
                        drain.unregister(conn.sock)

    def _close_everything(self) -> None:
        for conn in self._connections:
            conn.sock.close()
        self._connections.clear()
        self._selector.close()
        self._listener.close()
        self._wake_in.close()
        self._wake_out.close()
