#!/bin/bash
# As run for BENCHMARKS.md's fourth round. Prepared by hand before: a worktree of 93fc2a9 at
# /work/wt-prev, the catalog by `python -m benchmarks.synth /var/tmp/ab18b --products 18000`, and
# /var/tmp/ab18b/{prev,new}/mkdocs.yml from the benchmark's configuration with docs_dir and
# custom_dir in each tree, site_dir and cache_dir in /var/tmp/ab18b/<version>/, records shared.
# Everyday builds at 18,000 products on disk, HEAD (prev, 93fc2a9) against the working tree
# (new: folder digests walked with os.scandir), in one run; nothing deleted before any build.
O=/work/bench-out/s22/ab18b.log
run() { # version label
  v=$1; if [ $v = prev ]; then P=/work/wt-prev; else P=/work/main; fi
  cd /var/tmp/ab18b/$v
  S=$(date +%s.%N)
  NO_MKDOCS_2_WARNING=1 PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$P /usr/bin/time -f "%U %S %M" -o /tmp/ab18b.time /work/main/.venv/bin/python -m mkdocs build -q -f mkdocs.yml > /var/tmp/ab18b/$v.log 2>&1
  RC=$?; E=$(date +%s.%N)
  echo "$v $2 rc=$RC $(echo "$E - $S" | bc) s, user sys maxrss: $(tail -1 /tmp/ab18b.time)" >> $O
}
date >> $O
run prev cold; run new cold
run prev same; run new same; run prev same; run new same
B=$(ls /var/tmp/ab18b/products/*/*/batches/*.yml | head -1)
cp "$B" /tmp/ab18b.batch
python3 - "$B" <<'PY'
import re, sys
p = sys.argv[1]; t = open(p, encoding="utf-8").read()
m = re.search(r"^  amount: (\d+)$", t, re.M)
open(p, "w", encoding="utf-8").write(t[: m.start(1)] + str(int(m[1]) + 1) + t[m.end(1):])
PY
run prev batch; run new batch
cp /tmp/ab18b.batch "$B"
run prev batch-back; run new batch-back
date >> $O; echo DONE >> $O
