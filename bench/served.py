"""What the benchmark programs share about processes: `kg serve` on a free loopback port, and memory.

``serving(kb, env)`` starts the real server, waits until ``/readyz`` answers and stops it at the
end; ``memory_mb(pid)`` reads a process's resident and peak memory from /proc. The tests import
``free_port`` and ``wait_for`` from here too.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

__all__ = ["KG", "free_port", "wait_for", "serving", "serving_app", "memory_mb"]

KG = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 90.0, process: subprocess.Popen | None = None) -> None:
    """Return once ``url`` answers 200; TimeoutError after ``timeout`` s or when ``process`` has exited."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or process is not None and process.poll() is not None:
            raise TimeoutError(f"{url} did not answer within {timeout} s")
        time.sleep(0.2)


@contextmanager
def serving(kb: Path, env: dict, threads: int = 8, timeout: float = 120.0):
    """``(base URL, process)`` of a `kg serve` on ``kb``, ready to answer; stopped on exit."""
    port = free_port()
    server = subprocess.Popen([KG, "serve", "--kb", str(kb), "--port", str(port), "--threads", str(threads)],
                              env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/readyz", timeout, server)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def memory_mb(pid: int | str = "self") -> tuple[int, int]:
    """(resident, peak resident) MB of a process, from /proc; (-1, -1) where there is none."""
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return -1, -1
    fields = {line.split(":")[0]: int(line.split()[1]) // 1024 for line in status if line.startswith(("VmRSS", "VmHWM"))}
    return fields.get("VmRSS", -1), fields.get("VmHWM", -1)


@contextmanager
def serving_app(app, threads: int = 4):
    """The base URL of ``app`` on waitress (the production server) in a thread of this process, on a
    free loopback port, ready to answer; closed on exit."""
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=free_port(), threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        wait_for(base + "/livez")
        yield base
    finally:
        # closed by the server's own loop thread: a socket closed from this thread while that thread waits in
        # select() on it makes the loop fail with "Bad file descriptor" (a warning in the tests that stop a server)
        try:
            server.trigger.pull_trigger(lambda: server.asyncore.close_all(server._map))
        except OSError:  # the loop has stopped and closed its trigger already (seen once in a full run): no one to wake
            pass
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()
        if thread.is_alive():  # the loop did not stop: close from here, as before
            server.close()
