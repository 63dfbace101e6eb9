"""Running a README block as a learner pastes it (convention 6), and saying exactly what failed.

One bash process per block, from the repository copy's root, so `cd`, variables and `export`
carry over between its commands, as in a learner's terminal. Each command is wrapped so the
test learns its exit status: before and after it, bash reports on a pipe and waits for the
test's answer (`go`, or `stop` to skip the rest), so the test can check a server's port before
it starts, wait for it to listen before the next command, and hold each command to its
trailing comment (`tests.readme_blocks`). The first command that fails ends its block.

Choices a learner would expect, where the contract is silent:
- Each command's stdin is /dev/null (nothing waits for typing); its output is kept apart, so an
  HTTP status or a traceback is found in the output of the command that printed it.
- `set -m` (job control, as in an interactive shell): a server gets its own process group and
  takes Ctrl+C (SIGINT) like a server in a terminal, and `kill %1` works.
- A command has `LINE_TIMEOUT` seconds; one that takes longer gets Ctrl+C, and fails. One that
  says a server listens on its port (`Serving ... on http://HOST:PORT`) and still runs a second
  later is a server started without `&`: it fails at once. A server started with `&` must
  accept connections within `SERVER_TIMEOUT` seconds.
- After the block, every job still running gets Ctrl+C (then SIGKILL after `STOP_TIMEOUT`
  seconds); it must exit 0, or by the signal, and no output, a server's included, may contain
  a traceback. Anything else left in the block's session is killed.
- A `uv run pytest ...` line runs with `--collect-only` added: its paths, `-k` expressions and
  options must work and select tests (exit 0; 5 if none), while the tests themselves run once,
  in the suite this test is part of. Run in full, those lines ran thirteen days' suites a
  second time, half of the README tests' time and past CI's 20 minutes on a slow machine.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from tests.readme_blocks import Block, Command, refusal
from tests.readme_checks import TRACEBACK, announced_ports, judge
from tests.readme_processes import accepts, group_alive, session_members, wait_until

LINE_TIMEOUT = 60.0
SERVER_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
SERVER_GRACE = 1.0  # a command still running this long after announcing a server is one
PORT_GRACE = 2.0  # how long a server's port may take to close before it counts as taken
TAIL_LINES = 40

_PRELUDE = """\
# One README block, written by tests/readme_runner.py: each command is wrapped so the test
# learns its exit status, and waits for the test's answer before and after it.
set -m
exec 198>&"$__README_STATUS_FD" 199<&"$__README_REPLY_FD"
exec {__README_STATUS_FD}>&- {__README_REPLY_FD}<&-
__readme_ask() {
  printf '%s\\n' "$*" >&198
  local __readme_reply
  IFS= read -r __readme_reply <&199 || exit 97
  case $__readme_reply in go) ;; stop) __readme_stop ;; *) exit 97 ;; esac
}
__readme_stop() {
  local __readme_pids __readme_pid
  __readme_pids=$(jobs -p)
  for __readme_pid in $__readme_pids; do kill -INT -- "-$__readme_pid" 2>/dev/null; done
  for __readme_pid in $__readme_pids; do
    wait "$__readme_pid"
    printf 'stopped %s %s\\n' "$__readme_pid" "$?" >&198
  done
  printf 'done\\n' >&198
  exit 0
}
"""


@dataclass(frozen=True)
class Failure:
    """What went wrong in a block: where, why, and the output that shows it."""

    block: Block
    command: Command | None  # None: the block as a whole (a server's shutdown, say)
    reason: str
    status: int | None = None
    output: str = ""

    def describe(self, readme: str) -> str:
        """The message a day's owner fixes their README from."""
        lines = [f"{readme}:{self.block.lineno}: block of {self.block.section!r} starting"]
        lines.append(f"    {self.block.first_line}")
        if self.command is not None:
            lines.append(f"  failing command (line {self.command.lineno}):")
            lines += [f"    {text}" for text in self.command.text.splitlines()]
        lines.append(f"  {self.reason}")
        if self.status is not None:
            lines.append(f"  exit status: {self.status}")
        tail = self.output.splitlines()[-TAIL_LINES:]
        lines.append(f"  last {len(tail)} lines of output:" if tail else "  (no output)")
        lines += [f"    | {text}" for text in tail]
        return "\n".join(lines)


@dataclass
class _Server:
    command: Command
    pid: int
    output: Path


@dataclass(frozen=True)
class Settings:
    """Where and how a block runs."""

    root: Path  # the repository copy; commands start here
    env: Mapping[str, str]
    default_port: int  # the day's server port, 8000 + day
    line_timeout: float = LINE_TIMEOUT
    server_timeout: float = SERVER_TIMEOUT
    stop_timeout: float = STOP_TIMEOUT
    port_grace: float = PORT_GRACE


PYTEST_COMMAND = "uv run pytest "


def script_for(commands: list[Command]) -> str:
    """The bash script that runs the commands one by one, reporting on each."""
    parts = [_PRELUDE]
    for index, command in enumerate(commands):
        parts.append(f"__readme_ask begin {index}\n")
        parts.append(f'{{ {as_run(command)}\n}} >"$__README_OUT/{index}" 2>&1 </dev/null ')
        parts.append("198>&- 199<&-\n")
        parts.append(f'__readme_ask end {index} "$?" "$!"\n')
    parts.append("__readme_ask finish\n")
    return "".join(parts)


def as_run(command: Command) -> str:
    """The command as the block runs it: a pytest run only collects (see the module's notes)."""
    if command.code.startswith(PYTEST_COMMAND) and not command.background:
        return f"{command.code} --collect-only -q"
    return command.text


def run_block(block: Block, commands: list[Command], settings: Settings) -> list[Failure]:
    """Run a block's commands in order; return what failed (nothing when all went well)."""
    with tempfile.TemporaryDirectory(prefix="readme-block-") as scratch:
        run = _BlockRun(block, commands, settings, Path(scratch))
        return run.run()


class _BlockRun:
    """One block's bash process and the conversation with it."""

    def __init__(
        self, block: Block, commands: list[Command], settings: Settings, scratch: Path
    ) -> None:
        self.block, self.commands, self.settings = block, commands, settings
        self.outputs = scratch / "out"
        self.outputs.mkdir()
        self.script = scratch / "block.sh"
        self.script.write_text(script_for(commands), encoding="utf-8")
        self.shell_log = scratch / "shell.log"
        self.failures: list[Failure] = []
        self.servers: list[_Server] = []
        self._buffer = b""

    def run(self) -> list[Failure]:
        """Start bash, walk through the commands, stop the servers, check every output."""
        status_read, status_write = os.pipe()
        reply_read, reply_write = os.pipe()
        env = {
            **self.settings.env,
            "__README_STATUS_FD": str(status_write),
            "__README_REPLY_FD": str(reply_read),
            "__README_OUT": str(self.outputs),
        }
        with self.shell_log.open("wb") as log:
            self.process = subprocess.Popen(
                ["bash", str(self.script)],
                cwd=self.settings.root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(status_write, reply_read),
                start_new_session=True,  # its own session: everything it starts can be found
            )
        os.close(status_write)
        os.close(reply_read)
        self.status_fd, self.reply_fd = status_read, reply_write
        try:
            self._walk()
            self._stop()
        finally:
            self._kill_session()
            os.close(self.status_fd)
            with suppress(OSError):
                os.close(self.reply_fd)
        self._check_leftover_output()
        return self.failures

    # --- the conversation ------------------------------------------------------------------

    def _walk(self) -> None:
        for index, command in enumerate(self.commands):
            if not self._expect("begin", index, command):
                return
            reason = refusal(command)
            if reason is None and command.background:
                reason = self._port_taken(command)
            if reason is not None:
                self._fail(command, f"not run: {reason}")
                return
            self._reply("go")
            if not self._finished(index, command):
                return
            self._reply("go")
        self._expect("finish", None, None)

    def _finished(self, index: int, command: Command) -> bool:
        """Wait for the command to end, judge it, and for a server wait until it listens."""
        port = command.port(self.settings.default_port)
        event = self._event(self.settings.line_timeout, watch=(self.outputs / str(index), port))
        if event is None:
            return self._lost(command)
        if event in (["timeout"], ["serving"]):
            self._interrupt_foreground()
            if event == ["serving"]:
                reason = "started a server that the next lines cannot reach"
                reason += ": end its line with ` &`, so it runs while the next lines talk to it"
            else:
                reason = (
                    f"did not finish within {self.settings.line_timeout:.0f} s (a server's line "
                    "ends with ` &`; a slower job belongs in a ```text block, or at a smaller size)"
                )
            self._fail(command, reason, output=self._output(index))
            self._event(self.settings.stop_timeout)  # the `end` of the interrupted command
            return False
        if command.background:
            server = _Server(command, int(event[3]), self.outputs / str(index))
            self.servers.append(server)
            problem = self._wait_for_server(server)
            status = None
        else:
            status = int(event[2])
            problem = judge(command, status, self._output(index))
        if problem:
            self._fail(command, problem, status, self._output(index))
        return problem is None

    def _expect(self, kind: str, index: int | None, command: Command | None) -> bool:
        """Read the next event, which must be `kind`; answer `stop` when anything is wrong."""
        event = self._event(self.settings.line_timeout)
        if event is None:
            return self._lost(command)
        if event == ["timeout"] or event[0] != kind:
            self._fail(command, f"the shell did not reach {kind} {index} (it said {event})")
            return False
        return True

    def _lost(self, command: Command | None) -> bool:
        reason = "the shell exited here (did the block run `exit`, or `set -e` and fail?)"
        self._fail(command, reason, output=self._output_text(self.shell_log))
        return False

    def _event(self, timeout: float, *, watch: tuple[Path, int] | None = None) -> list[str] | None:
        """The next line bash reports, split in words; None when bash is gone; ["timeout"].

        With `watch` (a running command's output file and port), ["serving"] once that output
        has said for a second that a server listens on that port: a server started without `&`
        would hold up the block until its time runs out.
        """
        deadline = time.monotonic() + timeout
        announced: float | None = None
        while b"\n" not in self._buffer:
            now = time.monotonic()
            if now >= deadline:
                return ["timeout"]
            if watch and announced is None and watch[1] in self._ports_announced(watch[0]):
                announced = now
            if announced is not None and now - announced >= SERVER_GRACE:
                return ["serving"]
            ready, _, _ = select.select([self.status_fd], [], [], min(deadline - now, 0.25))
            if not ready:
                continue
            chunk = os.read(self.status_fd, 4096)
            if not chunk:
                return None
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode().split() or [""]

    def _reply(self, answer: str) -> None:
        with suppress(OSError):  # bash may be gone already; the next read says so
            os.write(self.reply_fd, answer.encode() + b"\n")

    # --- servers ---------------------------------------------------------------------------

    def _port_taken(self, command: Command) -> str | None:
        port, host = command.port(self.settings.default_port), command.host
        # A server the block stopped a moment ago (`kill %1`) may still be letting go of it.
        if port and not wait_until(lambda: not accepts(host, port), self.settings.port_grace):
            return (
                f"port {port} is already in use on {command.host}, so this server could not "
                f"start (stop whatever listens there, e.g. a server left running, then re-run)"
            )
        return None

    def _wait_for_server(self, server: _Server) -> str | None:
        """None once the server accepts connections; else why not."""
        deadline = time.monotonic() + self.settings.server_timeout
        port = server.command.port(self.settings.default_port)
        while time.monotonic() < deadline:
            if port == 0:
                port = next(iter(self._ports_announced(server.output)), 0)
            if port and accepts(server.command.host, port):
                return None
            if not group_alive(server.pid):
                return "the server exited before it listened"
            time.sleep(0.05)
        where = f"port {port}" if port else "the port it prints (http://HOST:PORT)"
        return f"the server did not listen on {where} within {self.settings.server_timeout:.0f} s"

    def _stop(self) -> None:
        """Answer `stop`: bash sends Ctrl+C to every job and reports how each one exited."""
        self._reply("stop")
        deadline = time.monotonic() + self.settings.stop_timeout
        killed = False
        while True:
            event = self._event(max(0.0, deadline - time.monotonic()))
            if event is None or event == ["done"]:
                return
            if event == ["timeout"]:
                if killed:
                    return
                self._kill_servers()
                killed, deadline = True, time.monotonic() + self.settings.stop_timeout
                continue
            if event[0] == "stopped":
                self._judge_stop(int(event[1]), int(event[2]), killed=killed)

    def _judge_stop(self, pid: int, status: int, *, killed: bool) -> None:
        server = next((s for s in self.servers if s.pid == pid), None)
        if server is None or self._has_failed(server.command):
            return
        output = self._output_text(server.output)
        if killed:
            reason = f"the server did not stop within {self.settings.stop_timeout:.0f} s of Ctrl+C"
            self._fail(server.command, reason, output=output)
        elif 0 < status < 126:  # 126 and up: the shell's codes and signals, such as Ctrl+C
            self._fail(server.command, "the server failed when stopped with Ctrl+C", status, output)

    def _kill_servers(self) -> None:
        for server in self.servers:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(server.pid, signal.SIGKILL)

    def _interrupt_foreground(self) -> None:
        """Ctrl+C for the command that hangs (its own process group), then SIGKILL."""
        servers = {server.pid for server in self.servers}
        groups = {
            pgid
            for pid, pgid in session_members(self.process.pid)
            if pid != self.process.pid and pgid not in servers
        }
        for sig in (signal.SIGINT, signal.SIGKILL):
            for pgid in groups:
                with suppress(ProcessLookupError, PermissionError):
                    os.killpg(pgid, sig)
            if wait_until(lambda: not any(group_alive(g) for g in groups), 3.0):
                return

    def _kill_session(self) -> None:
        """Nothing the block started outlives it."""
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=2)
        for pid, _ in session_members(self.process.pid):
            with suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    # --- outputs ---------------------------------------------------------------------------

    def _ports_announced(self, output: Path) -> list[int]:
        return announced_ports(self._output_text(output))

    def _output(self, index: int) -> str:
        return self._output_text(self.outputs / str(index))

    @staticmethod
    def _output_text(path: Path) -> str:
        try:
            return path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def _check_leftover_output(self) -> None:
        """A traceback printed after its command was judged (by a server, mostly) fails too."""
        if any(TRACEBACK in failure.output for failure in self.failures):
            return
        for index, command in enumerate(self.commands):
            output = self._output(index)
            if TRACEBACK in output and not self._has_failed(command):
                self._fail(
                    command, "its output (a server's log?) contains a traceback", None, output
                )
                return

    def _has_failed(self, command: Command) -> bool:
        return any(failure.command is command for failure in self.failures)

    def _fail(
        self, command: Command | None, reason: str, status: int | None = None, output: str = ""
    ) -> None:
        self.failures.append(Failure(self.block, command, reason, status, output))
