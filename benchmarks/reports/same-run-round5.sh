#!/bin/bash
# Round 5: round 4's last commit (75a0a1c, worktree /work/wt-r4) against this round's (worktree
# /work/wt-r5), in one run on the real disk: cold builds of the benchmark's 1,000-product
# catalog, alternating; then cold, nothing-changed and one-batch-changed builds at 18,000.
# What a cold build clears is renamed aside and deleted at the end (ext4 creates files slowly
# for minutes after a deletion: BENCHMARKS.md, round 4).
O=/work/bench-out/s23/ab.log
A=/var/tmp/ab5
mkdir -p $A/aside
config() { # version size
  code=/work/wt-r4; [ $1 = new ] && code=/work/wt-r5
  mkdir -p $A/$2/$1
  cd /work/main && ./dev.sh python - "$1" "$2" "$code" <<'PY' > /dev/null
import sys
from pathlib import Path
from benchmarks.run import write_our_config
v, size, code = sys.argv[1], sys.argv[2], Path(sys.argv[3])
d = Path(f"/var/tmp/ab5/{size}/{v}")
write_our_config(d, Path(f"/var/tmp/ocop-bench/{size}/products"), d / "site", d / "cache", code)
PY
  cp /var/tmp/ocop-bench/$2/permalinks.tsv $A/$2/$1/
}
aside() { # version size: a cold build next
  for f in site cache; do [ -e $A/$2/$1/$f ] && mv $A/$2/$1/$f $A/aside/$1-$2-$f-$(date +%s%N); done; true
}
run() { # version size label
  code=/work/wt-r4; [ $1 = new ] && code=/work/wt-r5
  cd $A/$2/$1; sync
  S=$(date +%s.%N)
  NO_MKDOCS_2_WARNING=1 PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$code /usr/bin/time -f "%U %S %M" -o $A/time /work/main/.venv/bin/python -m mkdocs build -q -f mkdocs.yml > $A/$1-$2.log 2>&1
  RC=$?; E=$(date +%s.%N)
  echo "$1 $2 $3 rc=$RC $(echo "$E - $S" | bc) s, user sys maxrss: $(tail -1 $A/time)" >> $O
}
everyday() { # how many nothing-changed builds of each, then one batch changed and back
  for i in $(seq $1); do for v in prev new; do run $v 18000 same; done; done
  B=$(ls /var/tmp/ocop-bench/18000/products/*/*/batches/*.yml | head -1)
  cp "$B" $A/batch.yml
  python3 - "$B" <<'PY'
import re, sys
p = sys.argv[1]; t = open(p, encoding="utf-8").read()
m = re.search(r"^  amount: (\d+)$", t, re.M)
open(p, "w", encoding="utf-8").write(t[: m.start(1)] + str(int(m[1]) + 1) + t[m.end(1):])
PY
  for v in prev new; do run $v 18000 batch; done
  cp $A/batch.yml "$B"
  for v in prev new; do run $v 18000 batch-back; done
}
date >> $O
for v in prev new; do config $v 1000; config $v 18000; done
for i in 1 2; do for v in prev new; do aside $v 1000; run $v 1000 cold; done; done
for v in prev new; do aside $v 18000; run $v 18000 cold; done
everyday 2
date >> $O; echo DONE >> $O
rm -rf $A/aside
# Then (run as a script of its own, with the functions above), once the tmpfs benchmark's kept
# sites (12 GB of memory) were removed: the everyday builds above stat-ed their 693,000 files
# from the disk under that memory pressure.
echo "again, tmpfs freed: $(date)" >> $O
everyday 3
date >> $O; echo DONE2 >> $O
