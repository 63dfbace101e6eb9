"""The README test's parser and runner (tests/readme_blocks.py, tests/readme_runner.py), on
small fixture READMEs: no day is needed, so these carry no day marker."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.readme_blocks import (
    Block,
    make_command,
    refusal,
    section_blocks,
    services_used,
    split_commands,
)
from tests.readme_checks import TRACEBACK, announced_ports, printed_status
from tests.readme_copy import copy_repository, learner_environment
from tests.readme_runner import Failure, Settings, run_block

FENCE = "```"

SERVER = """\
import http.server, signal, sys, time

port = int(sys.argv[sys.argv.index("--port") + 1])


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/" else 404)
        self.end_headers()
        self.wfile.write(b"hello\\n")

    def log_message(self, *args):
        pass


if "--ignore-ctrl-c" in sys.argv:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
time.sleep(0.3)  # not listening at once: the runner has to wait for it
server = http.server.HTTPServer(("127.0.0.1", port), Handler)
print(f"Serving on http://127.0.0.1:{server.server_port}", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    if "--crash-on-stop" in sys.argv:
        raise
"""


def lesson(run_it: str, try_it: str = "", *, language: str = "bash") -> str:
    """A README with the lesson headings and the given commands in its run sections."""
    parts = ["# A lesson", "", "## Run it", ""]
    parts += [f"{FENCE}{language}", textwrap.dedent(run_it).strip(), FENCE, ""]
    if try_it:
        parts += ["## Try it", "", f"{FENCE}bash", textwrap.dedent(try_it).strip(), FENCE, ""]
    parts += ["## Exercises", "", f"{FENCE}bash", "echo never run", FENCE]
    return "\n".join(parts)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the fixture README's commands run, with the little test server in it."""
    (tmp_path / "server.py").write_text(SERVER, encoding="utf-8")
    return tmp_path


def run(markdown: str, folder: Path, **limits: float) -> list[Failure]:
    """Run every runnable block of a fixture README from `folder`."""
    blocks, problems = section_blocks(markdown)
    assert not problems, problems
    settings = Settings(
        root=folder,
        env=learner_environment(folder, Path(sys.prefix)),
        default_port=free_port(),
        **limits,
    )
    failures: list[Failure] = []
    for block in blocks:
        if block.runs:
            commands, unparsed = split_commands(block)
            assert not unparsed, unparsed
            failures += run_block(block, commands, settings)
    return failures


def only(failures: list[Failure]) -> Failure:
    assert len(failures) == 1, [failure.describe("README.md") for failure in failures]
    return failures[0]


# --- which blocks run --------------------------------------------------------------------


def test_only_bash_blocks_of_the_run_sections_are_collected() -> None:
    markdown = textwrap.dedent(
        f"""\
        ## How it works
        {FENCE}bash
        echo not a run section
        {FENCE}
        ## Run it
        {FENCE}bash
        echo one
        {FENCE}
        {FENCE}text
        output, not run
        {FENCE}
        ### A subsection still belongs to Run it
        - in a list item:
          {FENCE}bash
          echo two
          {FENCE}
        ## Try it
        {FENCE}python
        print("code to read")
        {FENCE}
        {FENCE}pycon
        >>> print("a session to read")
        {FENCE}
        {FENCE}bash internet
        curl https://example.com
        {FENCE}
        ## Exercises
        {FENCE}bash
        echo not run
        {FENCE}
        """
    )
    blocks, problems = section_blocks(markdown)
    assert problems == []
    assert [(b.section, b.lines, b.runs, b.internet) for b in blocks] == [
        ("Run it", ("echo one",), True, False),
        ("Run it", ("echo two",), True, False),
        ("Try it", ('print("code to read")',), True, False),
        ("Try it", ("curl https://example.com",), False, True),
    ]
    assert blocks[1].lineno == 14, "the line of the opening fence"


@pytest.mark.parametrize(
    "info", ["", "sh", "shell", "bash offline"], ids=["no-language", "sh", "shell", "bash-typo"]
)
def test_a_block_the_test_cannot_classify_is_a_problem(info: str) -> None:
    blocks, problems = section_blocks(lesson("echo hi", language=info))
    assert blocks == []
    assert [problem.lineno for problem in problems] == [5]
    assert "```bash" in problems[0].message or "internet" in problems[0].message


# --- splitting into commands and reading their comments ------------------------------------


def block_of(*lines: str) -> Block:
    return Block("Run it", 10, "bash", lines)


def test_commands_are_what_a_learner_pastes_at_once() -> None:
    block = block_of(
        "# a comment line, skipped",
        "",
        "curl -X POST localhost \\",
        '  -d \'{"a":',
        "       1}'   # 201",
        "if true; then",
        "  echo yes",
        "fi",
        "cat <<EOF",
        "text",
        "EOF",
    )
    commands, problems = split_commands(block)
    assert problems == []
    assert [(c.lineno, c.text.count("\n") + 1) for c in commands] == [(13, 3), (16, 3), (19, 3)]
    assert commands[0].expect_http == 201


@pytest.mark.parametrize(
    ("line", "code", "expect_exit", "expect_http"),
    [
        ("false   # exit 1", "false", 1, None),
        ("cmd sell X 5   # exit 1: only 3 in stock", "cmd sell X 5", 1, None),
        ("curl -s localhost/x   # HTTP 404", "curl -s localhost/x", 0, 404),
        ("curl -si localhost/x   # 422 naming body.done", "curl -si localhost/x", 0, 422),
        ("uv run x --limit 200   # 200 rows", "uv run x --limit 200", 0, None),
        ("cmd /no/such.csv   # one line, exit 2", "cmd /no/such.csv", 0, None),
        ("echo '# not a comment' a#b", "echo '# not a comment' a#b", 0, None),
        ("echo \"it's # here\" $'\\x27#'", "echo \"it's # here\" $'\\x27#'", 0, None),
        ("uv run server &   # serves on :8010", "uv run server &", 0, None),
    ],
    ids=[
        "exit",
        "exit-with-prose",
        "http",
        "bare-status-on-curl",
        "number-on-other-command",
        "exit-not-first",
        "hash-in-quotes-and-words",
        "ansi-c-quotes",
        "server",
    ],
)
def test_trailing_comment_says_what_the_command_must_do(
    line: str, code: str, expect_exit: int, expect_http: int | None
) -> None:
    command = make_command(line, 1)
    assert (command.code, command.expect_exit, command.expect_http) == (
        code,
        expect_exit,
        expect_http,
    )


def test_unparsable_or_unfinished_commands_are_problems() -> None:
    _, problems = split_commands(block_of("echo )", "echo 'never closed"))
    assert [(p.lineno, p.message.split(":")[0]) for p in problems] == [
        (11, "bash cannot parse this command"),
        (12, "this command is still unfinished where the block ends"),
    ]


def test_a_server_port_is_its_option_else_the_default() -> None:
    assert make_command("uv run app --port 8107 &", 1).port(8007) == 8107
    assert make_command("uv run app --port=0 &", 1).port(8007) == 0
    assert make_command("uv run app &", 1).port(8007) == 8007
    assert make_command("uv run app --host 0.0.0.0 &", 1).host == "127.0.0.1"
    assert make_command("python -m http.server --bind ::1 &", 1).host == "::1"
    assert make_command("uv run app &", 1).background
    assert not make_command("make && make install", 1).background


@pytest.mark.parametrize(
    "line",
    [
        "redis-cli shutdown",
        "redis-cli -n 0 FLUSHALL",
        "pg_ctlcluster 16 main stop",
        "rabbitmqctl stop_app",
        "DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres uv run app",
        "export DATABASE_URL='postgresql://postgres@127.0.0.1/postgres'",
        "uv run python -m organizer ~/Downloads --dry-run",
        'ls "$HOME"',
    ],
    ids=[
        "redis-shutdown",
        "redis-flush",
        "postgres-stop",
        "rabbit-stop",
        "maintenance-database",
        "maintenance-database-export",
        "home-folder",
        "home-variable",
    ],
)
def test_commands_harmful_on_a_shared_machine_are_refused(line: str) -> None:
    assert refusal(make_command(line, 1)) is not None


@pytest.mark.parametrize(
    "line",
    [
        "redis-cli --scan --pattern 'day:*'",
        "DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/course_lesson uv run app",
        "psql postgresql://postgres@127.0.0.1/postgres -c 'CREATE DATABASE course_lesson'",
        "uv run app --redis-url redis://127.0.0.1:1/0",
        "ls var/~backup",
    ],
    ids=["redis-scan", "own-database", "psql-makes-a-database", "redis-down-url", "tilde-in-name"],
)
def test_ordinary_commands_are_not_refused(line: str) -> None:
    assert refusal(make_command(line, 1)) is None


def test_services_are_found_in_running_blocks_only() -> None:
    blocks, _ = section_blocks(
        lesson(
            "redis-cli --scan\nDATABASE_URL=postgresql+psycopg://h/db uv run app",
            "echo amqp is only prose here",
        )
    )
    assert services_used(blocks) == ["postgresql", "redis"]


# --- running blocks --------------------------------------------------------------------------


def test_commands_of_a_block_share_one_shell(folder: Path) -> None:
    markdown = lesson(
        """
        mkdir -p sub && cd sub
        export GREETING=hello; NAME=world
        test "$(basename "$PWD")" = sub && test "$GREETING $NAME" = "hello world"
        false   # exit 1
        """,
        'test "$(basename "$PWD")" != sub   # the next block starts afresh',
    )
    assert run(markdown, folder) == []


def test_a_python_snippet_runs_from_the_root_and_fails_on_a_traceback(folder: Path) -> None:
    (folder / "helper.py").write_text("ANSWER = 42\n")
    good = "from helper import ANSWER\nassert ANSWER == 42, 'imports from the root'"
    bad = "import json\njson.loads('{')"
    assert run(lesson(good, language="python"), folder) == []
    failure = only(run(lesson(bad, language="python"), folder))
    assert failure.command is not None and failure.command.lineno == 6
    assert "json.loads('{')" in failure.command.text
    assert "its output contains a traceback" in failure.reason
    assert "JSONDecodeError" in failure.output


def test_a_wrong_exit_status_fails_and_ends_the_block(folder: Path) -> None:
    markdown = lesson(
        """
        echo before
        sh -c 'echo why >&2; exit 3'   # error here, exit 3
        touch ran-after-the-failure
        """,
        "touch next-block-still-runs",
    )
    failure = only(run(markdown, folder))
    assert failure.command is not None and failure.command.lineno == 7
    assert failure.status == 3
    assert "exited 3, but the README expects 0" in failure.reason
    assert "start the comment with it" in failure.reason, "hints at the misplaced `exit 3`"
    assert failure.output == "why\n", "only the failing command's own output"
    assert not (folder / "ran-after-the-failure").exists()
    assert (folder / "next-block-still-runs").exists()


def test_a_traceback_fails_even_with_the_expected_status(folder: Path) -> None:
    script = "raise SystemExit(2) from ValueError()"
    markdown = lesson(f'python3 -c "import sys; {script}" || python3 -c "1/0"   # exit 1')
    failure = only(run(markdown, folder))
    assert failure.reason == "its output contains a traceback"
    assert TRACEBACK in failure.output


def test_a_server_is_waited_for_held_to_http_statuses_and_stopped(folder: Path) -> None:
    port = free_port()
    markdown = lesson(
        f"""
        python3 server.py --port {port} &   # listens after 0.3 s
        curl -si http://127.0.0.1:{port}/   # HTTP 200
        curl -s -o /dev/null -w '%{{http_code}}\\n' http://127.0.0.1:{port}/nope   # 404
        """
    )
    assert run(markdown, folder) == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()


def test_a_status_the_server_does_not_send_fails(folder: Path) -> None:
    port = free_port()
    markdown = lesson(
        f"""
        python3 server.py --port {port} &
        curl -s http://127.0.0.1:{port}/nope   # HTTP 404
        """
    )
    failure = only(run(markdown, folder))
    assert failure.reason.startswith("printed no HTTP status, but the README expects HTTP 404")


def test_a_block_can_stop_its_server_and_start_it_again(folder: Path) -> None:
    port = free_port()
    markdown = lesson(
        f"""
        python3 server.py --port {port} &
        kill %1
        python3 server.py --port {port} &   # the port is free again a moment later
        curl -sf http://127.0.0.1:{port}/
        """
    )
    assert run(markdown, folder) == []


def test_a_server_on_port_zero_is_found_from_the_url_it_prints(folder: Path) -> None:
    markdown = lesson("python3 server.py --port 0 &\nsleep 0.1")
    assert run(markdown, folder) == []


def test_a_server_on_the_default_port_is_waited_for(folder: Path) -> None:
    port = free_port()
    markdown = lesson(f'python3 server.py --port "{port}"  &\ncurl -sf http://127.0.0.1:{port}/')
    blocks, _ = section_blocks(markdown)
    commands, _ = split_commands(blocks[0])
    env = learner_environment(folder, Path(sys.prefix))
    settings = Settings(root=folder, env=env, default_port=port)
    assert run_block(blocks[0], commands, settings) == []


def test_a_server_that_dies_fails_with_its_output(folder: Path) -> None:
    markdown = lesson("python3 -c 'print(\"cannot start\"); raise SystemExit(1)' --port 1 &")
    failure = only(run(markdown, folder))
    assert failure.reason == "the server exited before it listened"
    assert failure.output == "cannot start\n"


def test_a_taken_port_fails_naming_it_before_the_server_starts(folder: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        markdown = lesson(f"touch started; python3 server.py --port {port} &")
        failure = only(run(markdown, folder, port_grace=0.2))
    assert failure.reason.startswith(f"not run: port {port} is already in use")
    assert not (folder / "started").exists()


def test_a_server_failing_when_stopped_fails_the_block(folder: Path) -> None:
    markdown = lesson(f"python3 server.py --port {free_port()} --crash-on-stop &")
    failure = only(run(markdown, folder))
    assert "traceback" in failure.reason or "Ctrl+C" in failure.reason
    assert TRACEBACK in failure.output


def test_a_server_ignoring_ctrl_c_is_killed_and_fails_the_block(folder: Path) -> None:
    port = free_port()
    markdown = lesson(f"python3 server.py --port {port} --ignore-ctrl-c &")
    failure = only(run(markdown, folder, stop_timeout=1))
    assert failure.reason == "the server did not stop within 1 s of Ctrl+C"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()


def test_a_command_that_hangs_times_out_and_the_block_ends(folder: Path) -> None:
    markdown = lesson("sleep 30\ntouch not-reached")
    failure = only(run(markdown, folder, line_timeout=1))
    assert failure.reason.startswith("did not finish within 1 s (a server's line ends with")
    assert not (folder / "not-reached").exists()


def test_a_server_started_without_an_ampersand_fails_at_once(folder: Path) -> None:
    started = time.monotonic()
    failure = only(run(lesson(f"python3 server.py --port {free_port()}\ntouch x"), folder))
    assert failure.reason.startswith("started a server that the next lines cannot reach")
    assert time.monotonic() - started < 10, "no need to wait for the line's time limit"


def test_a_command_announcing_a_server_elsewhere_may_run_on(folder: Path) -> None:
    """A demo or benchmark may start servers of its own on other ports and print their URLs."""
    line = "echo 'Serving demo on http://127.0.0.1:1'; sleep 1.5"
    assert run(lesson(line), folder) == []


def test_servers_announce_their_port_as_the_course_werkzeug_uvicorn_and_http_server_do() -> None:
    output = "\n".join(
        [
            "Serving task API on http://127.0.0.1:8004",
            " * Running on http://127.0.0.1:8003",
            '{"message": "Uvicorn running on http://0.0.0.0:8010 (Press CTRL+C to quit)"}',
            "Serving HTTP on 127.0.0.1 port 8005 (http://127.0.0.1:8005/) ...",
            "Serving IPv6 on http://[::1]:8011",
            "GET http://127.0.0.1:9999/ is not an announcement",
        ]
    )
    assert announced_ports(output) == [8004, 8003, 8010, 8005, 8011]


def test_a_refused_command_is_not_run(folder: Path) -> None:
    failure = only(run(lesson("redis-cli shutdown   # never, on a shared machine"), folder))
    assert failure.reason.startswith("not run: it would stop or wipe the Redis")


def test_a_block_whose_shell_exits_fails_at_that_command(folder: Path) -> None:
    failure = only(run(lesson("echo bye\nexit 0\necho never"), folder))
    assert failure.command is not None and failure.command.text == "exit 0"
    assert failure.reason.startswith("the shell exited here")


def test_a_failure_names_readme_block_command_status_and_output(folder: Path) -> None:
    markdown = lesson("echo ok\nseq 1 100; false")
    message = only(run(markdown, folder)).describe("lesson/README.md")
    lines = message.splitlines()
    assert lines[:5] == [
        "lesson/README.md:5: block of 'Run it' starting",
        "    echo ok",
        "  failing command (line 7):",
        "    seq 1 100; false",
        "  exited 1, but the README expects 0",
    ]
    assert lines[5:7] == ["  exit status: 1", "  last 40 lines of output:"]
    assert lines[7] == "    | 61" and lines[-1] == "    | 100"


def test_printed_status_is_the_last_status_line_or_bare_code() -> None:
    assert printed_status("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n") == 201
    assert printed_status("404\n") == 404
    assert printed_status('{"status": 422}') is None


# --- the repository copy and the environment ------------------------------------------------


def test_the_copy_holds_tracked_and_unignored_files_and_finds_strays(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "copy"
    source.mkdir()
    (source / ".gitignore").write_text("var/\n")
    (source / "tracked.txt").write_text("tracked\n")
    subprocess.run(["git", "-C", str(source), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(source), "add", "."], check=True)
    (source / "new.txt").write_text("not yet added\n")
    (source / "var").mkdir()
    (source / "var" / "state.db").write_text("ignored\n")
    copy = copy_repository(source, target)
    assert copy.files == [".gitignore", "new.txt", "tracked.txt"]
    assert not (target / "var").exists()
    (target / "var").mkdir()
    (target / "var" / "written.db").write_text("fine: ignored\n")
    (target / "report.html").write_text("stray\n")
    (target / "tracked.txt").write_text("changed\n")
    subprocess.run(["git", "init", "-q", str(target / "demo")], check=True)
    assert copy.strays() == ["demo/", "report.html", "tracked.txt"]
    copy.reset()
    assert copy.strays() == []
    assert not (target / "var").exists() and not (target / "demo").exists()
    assert (target / "tracked.txt").read_text() == "tracked\n"


def test_the_learner_environment_drops_coverage_and_uses_the_venv_unsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COVERAGE_PROCESS_START", "x")
    monkeypatch.setenv("COURSE_ATTEMPTS", "/attempts")
    env = learner_environment(tmp_path, Path("/venv"))
    assert "COVERAGE_PROCESS_START" not in env and "COURSE_ATTEMPTS" not in env
    assert env["UV_NO_SYNC"] == "1" and env["UV_PROJECT_ENVIRONMENT"] == "/venv"
    assert env["PYTHONPATH"] == str(tmp_path)
    assert "--collect-only" in env["PYTEST_ADDOPTS"]
