"""Start and stop the processes of a Prefect server test, leaving none behind."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    """A TCP port of 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stats() -> dict[int, tuple[int, int]]:
    """``pid -> (parent pid, session id)`` of every live process (Linux /proc)."""
    found: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":  # a zombie is dead already, waiting for its parent
            found[int(entry.name)] = (int(fields[1]), int(fields[3]))
    return found


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in _stats().items():
        children.setdefault(ppid, []).append(pid)
    return children


def descendants(pid: int) -> list[int]:
    """Every process started, directly or not, by ``pid`` (Linux /proc)."""
    children, found, todo = _children(), [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _signal(pids: list[int], sig: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def kill_tree(process: subprocess.Popen, *, grace: float = 5.0, sig: signal.Signals = signal.SIGTERM) -> None:
    """Stop ``process`` and everything it started: ``sig`` first, SIGKILL after ``grace`` s."""
    if process.poll() is not None:
        return  # already gone and reaped: its pid may be another process's by now
    tree = descendants(process.pid)
    _signal([process.pid, *tree], sig)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    _signal([process.pid, *tree, *descendants(process.pid)], signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def kill_host(process: subprocess.Popen, *, timeout: float = 10.0) -> None:
    """SIGKILL ``process`` and every process of its sessions at once, as a lost host would.

    Prefect's process worker starts each flow run in a session of its own, and a flow
    may be starting a child (the crawl) just as it dies: such an orphan leaves the tree
    but keeps its session, so the sessions are killed until none of their processes lives.
    """
    own = os.getsid(0)
    sessions = {os.getsid(process.pid)}
    deadline = time.monotonic() + timeout
    while True:
        stats = _stats()
        if process.poll() is None:  # sessions its children may have opened since
            sessions |= {stats[pid][1] for pid in descendants(process.pid) if pid in stats}
        sessions.discard(own)  # never the test's own
        alive = [pid for pid, (_, sid) in stats.items() if sid in sessions]
        if not alive:
            break
        assert time.monotonic() < deadline, f"processes {alive} outlived SIGKILL"
        _signal(alive, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.2)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
