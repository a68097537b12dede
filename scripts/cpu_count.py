#!/usr/bin/env python3
"""Run a command and write the CPU seconds (user + sys) it took, with every process it started, to a
file. Exits with the command's status. scripts/test.sh reports each step with it.

    python3 scripts/cpu_count.py OUT_FILE COMMAND [ARG...]

A shell's `times` misses two kinds of work: processes that outlive their parent (the JVM pyspark
starts for a dbt process; the PostgreSQL server that pg_ctl starts in the background) and, in a
shell that runs steps side by side, counts a background step's processes in whichever step is
running when it ends. Here each step is counted in a process of its own that is a Linux "child
subreaper": an orphaned descendant is re-parented to it and counted when it ends. After the
command, the orphans still running get up to ORPHAN_WAIT seconds to end (a test stops its
servers by pid, so they have ended already); any left are named by count in the file, uncounted.
Where there is no prctl (not Linux), only the command and the processes it waited for count.
Standard library only: the install step runs it before any virtualenv exists.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
ORPHAN_WAIT = 60.0


def become_subreaper() -> bool:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (AttributeError, OSError):
        return False


def reap_orphans(deadline: float) -> int:
    """Waits for the re-parented processes until none is left or the deadline passes; returns how
    many are still running."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return 0
        if pid:
            continue
        if time.monotonic() >= deadline:
            return len([p for p in os.listdir("/proc") if p.isdigit() and parent_of(p) == os.getpid()])
        time.sleep(0.2)


def parent_of(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, command = argv[1], argv[2:]
    become_subreaper()
    try:
        status = subprocess.call(command)
        if status < 0:  # ended by a signal: the shell's way of saying so
            status = 128 - status
    except KeyboardInterrupt:
        status = 130
    left = reap_orphans(time.monotonic() + ORPHAN_WAIT)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = f"{usage.ru_utime + usage.ru_stime:.0f}"
    with open(out, "w") as handle:
        handle.write(cpu + (f", {left} processes still running, not counted" if left else "") + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
