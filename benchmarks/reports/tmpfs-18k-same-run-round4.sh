#!/bin/bash
# As run for BENCHMARKS.md's fourth round. Prepared by hand before: git worktrees of e7eefa6 at
# /work/wt-old and this commit at /work/main; /dev/shm/ab18/{old,new}/mkdocs.yml copied from the
# benchmark's 18,000-product configuration (benchmarks.run --keep) with docs_dir and custom_dir
# pointing into each worktree and site_dir and cache_dir into /dev/shm/ab18/<version>/.
# The everyday build (nothing changed) at 18,000 products on tmpfs: the code measured in round 3 (e7eefa6) against HEAD, in one run.
O=/work/bench-out/s22/ab18.log
run() { # version label
  v=$1; if [ $v = old ]; then P=/work/wt-old; else P=/work/main; fi
  cd /dev/shm/ab18/$v
  S=$(date +%s.%N)
  NO_MKDOCS_2_WARNING=1 PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$P /usr/bin/time -f "%U %S %M" -o /tmp/ab18.time /work/main/.venv/bin/python -m mkdocs build -q -f mkdocs.yml > /dev/shm/ab18/$v.log 2>&1
  RC=$?; E=$(date +%s.%N)
  echo "$v $2 rc=$RC $(echo "$E - $S" | bc) s, user sys maxrss: $(tail -1 /tmp/ab18.time)" >> $O
}
date >> $O
run old cold; run old same; run old same
rm -rf /dev/shm/ab18/old/site
run new cold; run new same; run new same
date >> $O; echo DONE >> $O
