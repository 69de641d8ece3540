"""Named points in the build where a crash can be injected (tests) or the phase recorded (benchmarks).

``KG_FAILPOINT=<name>`` kills the process with SIGKILL when the build reaches that point, the way a
power cut or the OOM killer would (``<name>:SIGINT`` sends SIGINT instead, as Ctrl-C at a terminal does); ``KG_PHASE_LOG=<file>`` appends each point reached with a
timestamp and, where ``/proc`` exists, the resident and peak memory (MB) at that point. Both are read from the environment only here, and cost nothing when unset.
"""

from __future__ import annotations

import os
import signal
import time

__all__ = ["PHASES", "MILVUS_PHASES", "reach"]

PHASES = ("parsed", "embedded", "indexed", "files-written", "renamed", "published")
#: the extra points of a build whose vectors go to Milvus (ingest/vector_store.py)
MILVUS_PHASES = ("vectors-stored", "alias-switched")


def reach(name: str) -> None:
    """Mark that the build reached ``name``."""
    log = os.environ.get("KG_PHASE_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{time.time():.6f} {name}{_memory()}\n")
    point, _, how = os.environ.get("KG_FAILPOINT", "").partition(":")
    if point == name:
        os.kill(os.getpid(), signal.SIGINT if how == "SIGINT" else signal.SIGKILL)


def _memory() -> str:
    """`` rss=<MB> peak=<MB>`` from /proc/self/status, or nothing where there is none."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            fields = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
    except OSError:
        return ""
    megabytes = {key: int(value.split()[0]) // 1024 for key, value in fields.items()}
    return f" rss={megabytes.get('VmRSS', 0)} peak={megabytes.get('VmHWM', 0)}"
