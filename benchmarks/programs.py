"""The peak memory of each program in a command's process tree: which of a build's processes
holds its peak (our Python processes, or Pagefind's indexing service).

    python -m benchmarks.programs -- <command...>

The proportional set size (PSS) of every process is sampled every half second (measure.py reads
it) and summed per program: the program's name, with ``--service`` for Pagefind's service.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import defaultdict

from .measure import MB, _pss, _tree


def _program(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as stream:
            arguments = stream.read().split(b"\0")
    except OSError:
        return "?"
    return os.path.basename(arguments[0].decode()) + (" --service" if b"--service" in arguments else "")


def main(command: list[str]) -> int:
    process = subprocess.Popen(command)
    tree_peak, peaks = 0, defaultdict(int)
    while process.poll() is None:
        found: dict[str, int] = defaultdict(int)
        for pid in _tree(process.pid):
            found[_program(pid)] += _pss(pid)
        tree_peak = max(tree_peak, sum(found.values()))
        for program, pss in found.items():
            peaks[program] = max(peaks[program], pss)
        time.sleep(0.5)
    print(f"peak PSS of the tree: {tree_peak / MB:,.0f} MB; each program's own peak:")
    for program, pss in sorted(peaks.items(), key=lambda item: -item[1]):
        if pss >= MB:  # not the processes too short-lived to be sampled whole
            print(f"{pss / MB:10,.0f} MB  {program}")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[sys.argv.index("--") + 1 :] if "--" in sys.argv else sys.argv[1:]))
