"""Reading the commands of a day README (convention 6): which blocks run, split into what a
learner pastes, each with what it must do.

The contract, and the choices made where it is silent:
- Blocks: in the sections "Run it" and "Try it" (each up to the next heading of its level or
  higher, so its `###` subsections belong to it), every fenced block whose info string is
  `bash` runs; `bash internet` needs the internet and is listed, never run. `text`, `console`,
  `json`, ... are output and are not run. A block with no language, or `sh`/`shell`/`zsh`, or
  `bash` with another word, is reported as a problem: a learner would paste it, but the test
  cannot tell a command from output (label it `bash` or `text`).
- A ```python block of those sections is what a learner pastes into `uv run python` from the
  repository root (the contract is silent on it; issue 9 counts a snippet's traceback as a
  failure): it runs as one command, `uv run python - <<EOF ... EOF`, and must exit 0 with no
  traceback. An interactive session to read, not run, is a ```pycon block.
- Commands: a block is split into the commands a learner pastes one at a time: a line, joined
  with the next ones while it ends in a backslash or bash finds it unfinished (an open quote, an
  `if` without `fi`, a here-document). Blank lines and lines that are only a comment are skipped.
- What a command must do is said by its trailing comment (outside quotes, on its last line):
  `# exit N ...` must exit with status N; `# HTTP NNN ...` (or `# NNN ...` on a curl line) must
  print that status, as `HTTP/1.1 NNN` (`curl -i`) or a line that is just `NNN`
  (`curl -w '%{http_code}\\n'`), and exit 0; anything else must exit 0. The status or exit
  must come first in the comment: `# error on line 2, exit 1` is prose, held to exit 0.
- A command ending in `&` starts a server: its port is the command's `--port N`, else the day's
  default (8000 + day); with `--port 0` the port is read from the `http://HOST:PORT` the server
  prints. It is reached on `--host`/`--bind` when given (a wildcard address means loopback),
  else 127.0.0.1.
- Some commands are refused, never run (see `refusal`): they would stop or wipe a service that
  every engineer and test on the machine shares, write into PostgreSQL's maintenance database
  `postgres`, or work in the user's home folder. A README shows those in a `text` block.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

RUN_SECTIONS = ("Run it", "Try it")
UNLABELLED_SHELLS = {"", "sh", "shell", "zsh", "shell-session"}

_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^( *)(`{3,}|~{3,})\s*([^`]*?)\s*$")
_EXIT = re.compile(r"^exit\s+(\d+)\b", re.IGNORECASE)
_HTTP = re.compile(r"^HTTP\s+([1-5]\d\d)\b", re.IGNORECASE)
_BARE_STATUS = re.compile(r"^([1-5]\d\d)\b")
_CURL = re.compile(r"(?:^|[\s;&|(])curl\s")
_PORT = re.compile(r"(?:^|\s)--port(?:=|\s+)['\"]?(\d+)")
_HOST = re.compile(r"(?:^|\s)--(?:host|bind)(?:=|\s+)['\"]?([^\s'\"]+)")
_WORD_BREAK = " \t\n;&|()<>"

_SHARED = "that every engineer and test on the machine shares"
_NEVER = re.compile(r"(?!)")  # matches nothing: a refusal without an exception
_ADMIN_CLIENTS = re.compile(r"^\s*(psql|createdb|dropdb)\b")  # they make a day's own database

# Commands a shared machine must never run: (what they look like, unless they look like this,
# why not). `refusal` returns the why.
_REFUSED = (
    (
        re.compile(r"\bredis-cli\b.*\b(shutdown|flushall|flushdb)\b", re.IGNORECASE),
        _NEVER,
        f"it would stop or wipe the Redis {_SHARED}",
    ),
    (
        re.compile(r"\b(pg_ctl|pg_ctlcluster)\b.*\b(stop|restart)\b"),
        _NEVER,
        f"it would stop the PostgreSQL {_SHARED}",
    ),
    (
        re.compile(r"\brabbitmqctl\s+(stop|stop_app|shutdown|reset|force_reset)\b"),
        _NEVER,
        f"it would stop or wipe the RabbitMQ {_SHARED}",
    ),
    (
        re.compile(r"\bsystemctl\s+stop\b|\bservice\s+\S+\s+stop\b"),
        _NEVER,
        f"it would stop a service {_SHARED}",
    ),
    (
        re.compile(r"postgres(?:ql)?(?:\+\w+)?://[^\s'\"/]*/postgres(?=$|[\s'\"?])"),
        _ADMIN_CLIENTS,
        "it writes into PostgreSQL's maintenance database `postgres`: give the day a database "
        "of its own and show how it is made (issue 9)",
    ),
    (
        re.compile(r"(?:^|[\s=:'\"])~(?:/|$|\s)|\$\{?HOME\b"),
        _NEVER,
        "it works in the user's home folder: use a demo, var/ or a temporary folder instead",
    ),
)


@dataclass(frozen=True)
class Block:
    """A fenced block of a "Run it" or "Try it" section."""

    section: str
    lineno: int  # the README line of the opening fence
    info: str  # the fence's info string, e.g. "bash" or "bash internet"
    lines: tuple[str, ...]

    @property
    def runs(self) -> bool:
        """True for a block the test runs: its info string is just `bash` or `python`."""
        return self.info.split() in (["bash"], ["python"])

    @property
    def python(self) -> bool:
        """True for a Python snippet, run by `uv run python` as one command."""
        return self.info.split() == ["python"]

    @property
    def internet(self) -> bool:
        """True for a block that needs the internet: listed by name, never run."""
        return self.info.split() == ["bash", "internet"]

    @property
    def first_line(self) -> str:
        """The first line a learner would paste (to name the block in messages)."""
        return next((line.strip() for line in self.lines if line.strip()), "")


@dataclass(frozen=True)
class Command:
    """One command as a learner pastes it, and what it must do."""

    text: str  # as in the README, possibly over several lines
    lineno: int  # the README line it starts on
    code: str  # the text without its trailing comment
    comment: str  # the trailing comment without `#`, or ""
    expect_exit: int
    expect_http: int | None

    @property
    def background(self) -> bool:
        """True when the command ends in `&`: it starts a server."""
        return self.code.endswith("&") and not self.code.endswith("&&")

    def port(self, default: int) -> int:
        """The port a server command listens on: its `--port`, else `default` (0: unknown yet)."""
        match = _PORT.search(self.code)
        return int(match.group(1)) if match else default

    @property
    def host(self) -> str:
        """Where to reach a server command: its `--host`/`--bind`, wildcards as loopback."""
        match = _HOST.search(self.code)
        host = match.group(1) if match else "127.0.0.1"
        return {"0.0.0.0": "127.0.0.1", "::": "::1", "[::]": "::1"}.get(host, host).strip("[]")


@dataclass(frozen=True)
class Problem:
    """Something in a README the test cannot run as written."""

    lineno: int
    message: str


def section_blocks(markdown: str) -> tuple[list[Block], list[Problem]]:
    """The fenced blocks of the "Run it" and "Try it" sections, and mislabelled ones."""
    blocks: list[Block] = []
    problems: list[Problem] = []
    for block in _fenced_blocks(markdown):
        words = block.info.split()
        language = words[0].lower() if words else ""
        if language in UNLABELLED_SHELLS:
            problems.append(Problem(block.lineno, _unlabelled(block.info)))
        elif language == "bash" and not (block.runs or block.internet):
            message = f"```{block.info}: the only word allowed after bash is `internet`"
            problems.append(Problem(block.lineno, message))
        elif language == "bash" or block.python:
            blocks.append(block)
    return blocks, problems


def _unlabelled(info: str) -> str:
    fence = f"```{info}" if info else "a fence with no language"
    return f"{fence}: label commands ```bash (they run) and output ```text (it does not)"


def _fenced_blocks(markdown: str) -> list[Block]:
    """Every fenced block inside a run section, with its section and position."""
    blocks: list[Block] = []
    section: tuple[int, str] | None = None  # (heading level, name) of the run section we are in
    fence: tuple[str, int, str, int] | None = None  # (marker, indent, info, lineno)
    body: list[str] = []
    for lineno, line in enumerate(markdown.splitlines(), start=1):
        if fence is not None:
            marker, indent, info, start = fence
            if _closes(line, marker):
                if section is not None:
                    blocks.append(Block(section[1], start, info, tuple(body)))
                fence, body = None, []
            else:
                body.append(_dedent(line, indent))
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = (opening.group(2), len(opening.group(1)), opening.group(3), lineno)
            continue
        heading = _HEADING.match(line)
        if heading:
            level, title = len(heading.group(1)), heading.group(2)
            if section is None or level <= section[0]:
                section = (level, title) if title in RUN_SECTIONS else None
    return blocks


def _closes(line: str, marker: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(marker) and set(stripped) == {marker[0]}


def _dedent(line: str, indent: int) -> str:
    """Remove up to the opening fence's indentation (fences inside list items are indented)."""
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]


PYTHON_END = "__README_PYTHON_END__"


def split_commands(block: Block) -> tuple[list[Command], list[Problem]]:
    """Split a block into the commands a learner pastes one at a time."""
    if block.python:
        code = "\n".join(block.lines)
        text = f"uv run python - <<'{PYTHON_END}'\n{code}\n{PYTHON_END}"
        return [Command(text, block.lineno + 1, text, "", 0, None)], []
    commands: list[Command] = []
    problems: list[Problem] = []
    pending: list[str] = []
    start = block.lineno
    for offset, line in enumerate(block.lines, start=1):
        if not pending:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            start = block.lineno + offset
        pending.append(line)
        text = "\n".join(pending)
        if _ends_with_backslash(text):
            continue
        verdict = bash_syntax(text)
        if verdict == "unfinished":
            continue
        if verdict:
            problems.append(Problem(start, f"bash cannot parse this command: {verdict}"))
        else:
            commands.append(make_command(text, start))
        pending = []
    if pending:
        problems.append(Problem(start, "this command is still unfinished where the block ends"))
    return commands, problems


def _ends_with_backslash(text: str) -> bool:
    trailing = len(text) - len(text.rstrip("\\"))
    return trailing % 2 == 1


def bash_syntax(text: str) -> str:
    """ "" when bash accepts `text` as complete, "unfinished" when it wants more, else the error.

    bash itself is the parser, so quoting, `$(...)` and here-documents are read exactly as a
    learner's shell reads them.
    """
    result = subprocess.run(
        ["bash", "-n"], input=text, capture_output=True, text=True, timeout=10, check=False
    )
    message = result.stderr.strip()
    if "here-document" in message or "unexpected EOF" in message:
        return "unfinished"
    if "unexpected end of file" in message:
        return "unfinished"
    if result.returncode != 0:
        return message.splitlines()[0] if message else f"bash -n exited {result.returncode}"
    return ""


def make_command(text: str, lineno: int) -> Command:
    """A command with what its trailing comment says it must do."""
    code, comment = split_comment(text)
    expect_exit, expect_http = 0, None
    if match := _EXIT.match(comment):
        expect_exit = int(match.group(1))
    elif match := _HTTP.match(comment):
        expect_http = int(match.group(1))
    elif (match := _BARE_STATUS.match(comment)) and _CURL.search(code):
        expect_http = int(match.group(1))
    return Command(text, lineno, code, comment, expect_exit, expect_http)


def split_comment(text: str) -> tuple[str, str]:
    """(code, trailing comment) of a command: a `#` that starts a word outside quotes, on the
    last line (a comment on an earlier line of a multi-line command is skipped over)."""
    quote = ""  # the open quote: ', " or $'
    index = 0
    while index < len(text):
        char = text[index]
        if quote in ('"', "$'") and char == "\\":
            index += 1
        elif quote == "$'" and char == "'" or quote == char:
            quote = ""
        elif not quote:
            if char == "\\":
                index += 1
            elif char in "'\"":
                quote = char
            elif char == "$" and text[index + 1 : index + 2] == "'":
                quote, index = "$'", index + 1
            elif char == "#" and (index == 0 or text[index - 1] in _WORD_BREAK):
                end = text.find("\n", index)
                if end == -1:
                    return text[:index].rstrip(), text[index + 1 :].strip()
                index = end
                continue
        index += 1
    return text.rstrip(), ""


def refusal(command: Command) -> str | None:
    """Why a command must not run on a shared machine, or None when it may."""
    for pattern, unless, reason in _REFUSED:
        if pattern.search(command.code) and not unless.search(command.code):
            return reason
    return None


SERVICE_SIGNS = {
    "postgresql": re.compile(r"postgres(?:ql)?(?:\+\w+)?://|\b(psql|createdb|dropdb|pg_ctl)\b"),
    "redis": re.compile(r"\bredis://|\bredis-(cli|server)\b"),
    "rabbitmq": re.compile(r"\bamqp://|\brabbitmq(ctl|-server)\b"),
    "mongodb": re.compile(r"\bmongodb(\+srv)?://|\bmongosh\b"),
}


def services_used(blocks: list[Block]) -> list[str]:
    """The course services (keys of shared.services.SERVICES) that the running blocks use."""
    text = "\n".join(line for block in blocks if block.runs for line in block.lines)
    return [key for key, sign in SERVICE_SIGNS.items() if sign.search(text)]
