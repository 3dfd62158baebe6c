"""Scale benchmark (issue 7): qingqian against bean-check on the same synthetic ledger.

    python benchmarks/run.py [--sizes 10000,100000] [--repeat 3] [--venv DIR] [--work DIR]

Builds (once, reused while the generator is unchanged) a ledger of N receivables with
`qingqian demo generate` and its Beancount twin, makes it a Git repository, then times
each scenario as the median of --repeat runs in this one session, with each run's peak
RSS from wait4(). bean-check comes from a venv of its own (--venv, default
/tmp/qq-bench-venv, created with `pip install beancount` when missing). Prints every
figure with its ratio to bean-check's and writes benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-30"
QQ = [sys.executable, "-m", "qingqian"]
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


@dataclass
class Figure:
    name: str
    seconds: float | None  # median wall time; None when the command is not available
    cpu: float | None  # median user+sys of the process and the children it waited for
    rss_mb: float | None  # highest peak RSS over the runs
    note: str = ""


ENV: dict[str, str] = {}  # PYTHONPATH of the package snapshot, set by main()
TIMEOUT = 1800
# exit 1 is a check that found errors (an older version may judge the generated ledger by
# older rules): it is still timed; 2 and above are failures
FOUND = (0, 1)


def run_once(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds, peak RSS in MB, exit code and stderr tail of one run."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err_file:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err_file,
                                env={**os.environ, **ENV, **(env or {})})
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - start
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, err[-300:]


def snapshot(work: Path) -> dict[str, str]:
    """Run a copy of the package, so edits made while the benchmark runs change nothing."""
    import qingqian

    source = Path(qingqian.__file__).parent
    target = work / "src" / "qingqian"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    # byte-compiled, as `pip install` leaves a package, even where PYTHONDONTWRITEBYTECODE is set
    compileall.compile_dir(str(target), quiet=1)
    return {"PYTHONPATH": str(target.parent)}


def measure(name: str, cmd: list[str], cwd: Path, repeat: int, before=None, env=None,
            ok=(0,)) -> Figure:
    """Median of `repeat` runs; `before(i)` prepares run i (clear a cache, edit a file)."""
    walls, cpus, rss = [], [], []
    for i in range(repeat):
        if before:
            before(i)
        wall, cpu, peak, code, err = run_once(cmd, cwd, env)
        if code not in ok:
            print(f"  {name}: exit {code}: {err.strip()}", file=sys.stderr)
            return Figure(name, None, None, None, f"exit {code}: {err.strip().splitlines()[-1] if err.strip() else ''}")
        walls.append(wall)
        cpus.append(cpu)
        rss.append(peak)
    figure = Figure(name, statistics.median(walls), statistics.median(cpus), max(rss))
    print(f"  {name:<28} {figure.seconds:8.2f} s  cpu {figure.cpu:8.2f} s  {figure.rss_mb:7.0f} MB",
          flush=True)
    return figure


def ensure_venv(venv: Path) -> Path:
    bean_check = venv / "bin" / "bean-check"
    if not bean_check.exists():
        print(f"creating {venv} with beancount …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "beancount>=3"], check=True)
    return bean_check


def generator_key() -> str:
    import qingqian.demo.generate as gen
    return hashlib.blake2b(Path(gen.__file__).read_bytes(), digest_size=8).hexdigest()


def ensure_ledger(work: Path, size: int, seed: int) -> tuple[Path, Path]:
    """The ledger and its Beancount file, generated and committed unless already there."""
    root, bean = work / f"ledger-{size}", work / f"ledger-{size}.beancount"
    stamp = f"{size} {seed} {generator_key()}\n"
    marker = work / f"ledger-{size}.stamp"
    if marker.exists() and marker.read_text() == stamp and bean.exists() and root.is_dir():
        return root, bean
    shutil.rmtree(root, ignore_errors=True)
    print(f"generating {size:,} receivables in {root} …", flush=True)
    start = time.perf_counter()
    subprocess.run([*QQ, "demo", "generate", "--receivables", str(size), "--seed", str(seed),
                    "--out", str(root), "--beancount", str(bean)], check=True)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "synthetic ledger")
    print(f"  generated and committed in {time.perf_counter() - start:.0f} s", flush=True)
    marker.write_text(stamp)
    return root, bean


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, env={**os.environ, **GIT_ENV},
                   stdout=subprocess.DEVNULL)


def supports(root: Path, *args: str) -> bool:
    done = subprocess.run([*QQ, *args, "--help"], cwd=root, capture_output=True, check=False,
                          env={**os.environ, **ENV})
    return done.returncode == 0


def bench_size(root: Path, bean: Path, bean_check: Path, repeat: int, site: bool) -> list[Figure]:
    cache = root / ".git" / "qingqian"  # the store (older versions kept theirs in .qingqian/)
    check = [*QQ, "check", "--as-of", AS_OF]
    receivables = sorted((root / "ledger").rglob("AR-*.yaml"))
    edited = receivables[len(receivables) // 2]
    original = edited.read_bytes()

    def clear(_: int) -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(root / ".qingqian", ignore_errors=True)

    def edit(i: int) -> None:
        edited.write_bytes(original + f"note: benchmark edit {i} {time.time()}\n".encode())

    # --no-cache: Beancount otherwise reuses a pickle of the loaded ledger (.<file>.picklecache)
    figures = [measure("bean-check", [str(bean_check), "--no-cache", str(bean)], root, repeat)]
    figures.append(measure("check cold (cache cleared)", check, root, repeat, before=clear, ok=FOUND))
    figures.append(measure("check warm", check, root, repeat, ok=FOUND))
    figures.append(measure("check after editing 1 file", check, root, repeat, before=edit, ok=FOUND))
    if "--staged" in subprocess.run([*QQ, "check", "--help"], cwd=root, capture_output=True,
                                    text=True, check=False, env={**os.environ, **ENV}).stdout:
        def stage(i: int) -> None:
            edit(i)
            git(root, "add", str(edited.relative_to(root)))
        figures.append(measure("check --staged (1 file)", [*check, "--staged"], root, repeat,
                               before=stage, ok=FOUND))
    else:
        figures.append(Figure("check --staged (1 file)", None, None, None, "not implemented yet"))
    edited.write_bytes(original)
    git(root, "reset", "-q")
    for report in ("age", "total"):
        cmd = [*QQ, report, "--as-of", AS_OF]
        run_once(cmd, root)  # fill the cache
        figures.append(measure(f"{report} warm", cmd, root, repeat, ok=FOUND))
    run_once([str(bean_check), str(bean)], root)  # fill Beancount's own cache
    figures.append(measure("bean-check, its cache warm", [str(bean_check), str(bean)], root, repeat))
    yardsticks = [sys.executable, str(HERE / "yardsticks.py")]
    figures.append(measure("read every file (bytes only)", [*yardsticks, "read", str(root)], root, repeat))
    figures.append(measure("CSafeLoader on every file, one process", [*yardsticks, "yaml", str(root)],
                           root, repeat))
    if site:
        if supports(root, "site", "build"):
            out = root.parent / f"site-{root.name}"
            figures.append(measure("site build", [*QQ, "site", "build", "--as-of", AS_OF, "--out",
                                                  str(out)], root, 1))
        else:
            figures.append(Figure("site build", None, None, None, "`qingqian site` not available"))
    return figures


REFERENCE = {  # the figures for its 100,000-receivable ledger, on its machine (seconds)
    "bean-check": 21.2, "bean-check, its cache warm": 8.5, "read every file (bytes only)": 0.86,
    "CSafeLoader on every file, one process": 14.5,
}
MEMORY_LIMIT_MB = 1024  # peak RSS of every qingqian scenario at 100,000 receivables
TARGETS = {  # name: (ratio to bean-check, absolute seconds), None where not set
    "check cold (cache cleared)": (0.6, None), "check warm": (0.1, 2.0),
    "check after editing 1 file": (None, 1.0), "check --staged (1 file)": (None, 1.0),
    "age warm": (None, 3.0), "total warm": (None, 3.0), "site build": (None, 60.0),
}


def verdict(fig: Figure, base: Figure) -> str:
    ratio_max, secs_max = TARGETS.get(fig.name, (None, None))
    if fig.seconds is None or (ratio_max is None and secs_max is None):
        return ""
    good = True
    if ratio_max is not None and base.seconds:
        good &= fig.seconds <= ratio_max * base.seconds
    if secs_max is not None:
        good &= fig.seconds < secs_max
    return "met" if good else "MISSED"


def table(size: int, figures: list[Figure]) -> str:
    base = figures[0]
    reference = size == 100_000
    rows = [f"### {size:,} receivables", "",
            "| scenario | wall s (median) | × bean-check | CPU s | × bean-check CPU | peak RSS MB | target | |"
            + (" issue's reference s |" if reference else ""),
            "|---|---:|---:|---:|---:|---:|---|---|" + ("---:|" if reference else "")]
    for fig in figures:
        ref = f" {REFERENCE[fig.name]} |" if reference and fig.name in REFERENCE else (" |" if reference else "")
        if fig.seconds is None:
            rows.append(f"| {fig.name} | – | – | – | – | – | | {fig.note} |{ref}")
            continue
        ratio = fig.seconds / base.seconds if base.seconds else float("nan")
        cpu_ratio = fig.cpu / base.cpu if base.cpu else float("nan")
        ratio_max, secs_max = TARGETS.get(fig.name, (None, None))
        target = " and ".join(t for t in (f"≤ {ratio_max} ×" if ratio_max else "",
                                          f"< {secs_max:g} s" if secs_max else "") if t)
        rows.append(f"| {fig.name} | {fig.seconds:.2f} | {ratio:.3f} | {fig.cpu:.2f} | {cpu_ratio:.3f} "
                    f"| {fig.rss_mb:.0f} | {target} | {verdict(fig, base)} {fig.note} |{ref}")
    ours = [f for f in figures if f.name in TARGETS and f.rss_mb is not None and f.name != "site build"]
    if reference and ours:
        peak = max(ours, key=lambda f: f.rss_mb)  # type: ignore[arg-type,return-value]
        rows += ["", f"Peak memory of the check, age and total scenarios: {peak.rss_mb:.0f} MB ({peak.name}); "
                     f"target ≤ {MEMORY_LIMIT_MB} MB: {'met' if peak.rss_mb <= MEMORY_LIMIT_MB else 'MISSED'}."]  # type: ignore[operator]
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--venv", type=Path, default=Path("/tmp/qq-bench-venv"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/qq-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    bean_check = ensure_venv(args.venv)
    args.work.mkdir(parents=True, exist_ok=True)
    ENV.update(snapshot(args.work))
    sections = []
    for size in (int(s) for s in args.sizes.split(",")):
        root, bean = ensure_ledger(args.work, size, args.seed)
        print(f"{size:,} receivables:", flush=True)
        figures = bench_size(root, bean, bean_check, args.repeat, site=size <= 10_000)
        sections.append(table(size, figures))
        print(sections[-1], flush=True)
    load = os.getloadavg()
    header = (f"# Benchmark results\n\nGenerated by `python benchmarks/run.py --sizes {args.sizes} "
              f"--repeat {args.repeat}` on {time.strftime('%Y-%m-%d %H:%M')}; {platform.python_version()}, "
              f"{os.cpu_count()} CPUs, {platform.machine()}; load average at the end "
              f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (other jobs share the machine: "
              "compare the CPU columns when it is busy).\n\n")
    args.out.write_text(header + "\n".join(sections), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
