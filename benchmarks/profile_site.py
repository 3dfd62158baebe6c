"""Profile the site page generation on a large ledger (issue 7): where `site build` spends its time.

Run: python benchmarks/profile_site.py /tmp/qq-bench/ledger-10000
"""
import cProfile, pstats, sys, time
from datetime import date
from pathlib import Path
from qingqian.ledger import load
from qingqian.site import build as b
root = Path(sys.argv[1]); as_of = date(2026, 11, 30)
t = time.perf_counter(); ledger = load(root); print("load", time.perf_counter() - t, flush=True)
pr = cProfile.Profile(); pr.enable()
t = time.perf_counter()
site = b.site_data(ledger, as_of, "zh", False)
print("site_data", time.perf_counter() - t, flush=True)
t = time.perf_counter()
out = b.generate(site)
print("generate", time.perf_counter() - t, len(out), flush=True)
pr.disable()
pstats.Stats(pr).sort_stats("cumulative").print_stats(25)
