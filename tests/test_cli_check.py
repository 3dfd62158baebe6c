"""`qingqian check` on the command line: exit codes, formats, the demo, bad inputs in a demo copy."""

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, receivable

from qingqian.ledger import load
from qingqian.rules import check

AR = "ledger/east/2026/AR-1.yaml"
GOOD = receivable("AR-1", '- {date: 2026-01-05, type: invoice, amount: "1000.00", ref: A}\n')


def test_clean_ledger_exits_0(qq):
    code, out = qq("check", "--as-of", "2026-01-10", files={AR: GOOD})
    assert code == 0 and out == ""


def test_errors_exit_1_with_path_line_col(qq):
    code, out = qq("check", "--as-of", "2026-01-10", "--lang", "en",
                   files={AR: GOOD.replace("D-0001", "D-404")})
    assert code == 1
    assert out.splitlines() == [f"{AR}:2:1: error R001 unknown-debtor: unknown debtor `D-404` "
                                "(add ledger/debtors/D-404.yaml or fix the id)"]


def test_json_shape(qq):
    code, out = qq("check", "--as-of", "2026-01-10", "--format", "json",
                   files={AR: GOOD.replace("D-0001", "D-404")})
    doc = json.loads(out)
    assert code == 1 and doc["errors"] == 1 and doc["warnings"] == 0
    [f] = doc["findings"]
    assert {k: f[k] for k in ("path", "line", "col", "severity", "rule", "name")} == {
        "path": AR, "line": 2, "col": 1, "severity": "error", "rule": "R001", "name": "unknown-debtor"}
    assert isinstance(f["line"], int) and isinstance(f["col"], int)


def test_github_annotations(qq):
    code, out = qq("check", "--as-of", "2026-01-10", "--format", "github",
                   files={AR: GOOD.replace("D-0001", "D-404")})
    assert out.splitlines()[0].startswith(f"::error file={AR},line=2,col=1,title=R001 unknown-debtor::")


def test_strict_fails_on_warnings(qq):
    events = ('- {date: 2026-01-05, type: invoice, amount: "1000.00", ref: A}\n'
              '- {date: 2026-01-03, type: visit, by: li.si, signed: true}\n')
    files = {AR: receivable("AR-1", events)}
    assert qq("check", "--as-of", "2026-01-10", files=files)[0] == 0
    assert qq("check", "--as-of", "2026-01-10", "--strict", files=files)[0] == 1


def test_paths_limit_what_is_reported(qq, tmp_path):
    files = {AR: GOOD.replace("D-0001", "D-404"), "ledger/east/2026/AR-2.yaml": receivable("AR-2")}
    assert qq("check", "--as-of", "2026-01-10", str(tmp_path / "ledger/east/2026/AR-2.yaml"),
              files=files)[0] == 0
    assert qq("check", "--as-of", "2026-01-10", str(tmp_path / "ledger"), files=files)[0] == 1


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qingqian", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_demo_ledger_passes_check():
    result = run_cli("check", "--as-of", "2026-11-30", "--lang", "en", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert " error " not in result.stdout


def test_usage_problems_exit_2(tmp_path):
    assert run_cli("check", cwd=tmp_path).returncode == 2  # no ledger here
    result = run_cli("check", "--as-of", "2026-02-30", cwd=ROOT)
    assert result.returncode == 2 and "Traceback" not in result.stderr


DEMO_AR = "ledger/build/2024/AR-2024-0001.yaml"

# The bad inputs of issue 2, each placed in a copy of the demo: (how to break it, rule, line)
BAD_INPUTS = {
    "malformed": (lambda t: t + "events: [\n", "S001", None),
    "list": (lambda t: "- a\n- b\n", "S003", 1),
    "scalar": (lambda t: "just text\n", "S003", 1),
    "empty": (lambda t: "", "S003", 1),
    "non-utf8": (lambda t: t.encode("utf-8") + "note: 坏\n".encode("gbk"), "S002", None),
    "bom": (lambda t: "\ufeff" + t, "S002", 1),
    "tab": (lambda t: t.replace("\nevents:\n  - ", "\nevents:\n\t- ", 1), "S014", None),
    "duplicate-key": (lambda t: t.replace("\nunit: build", "\nunit: build\nunit: sales", 1), "S004", None),
    "typo": (lambda t: t.replace("type: invoice, amount:", "type: invoice, amout:", 1), "S007", None),
    "missing-id": (lambda t: "\n".join(l for l in t.splitlines() if not l.startswith("id:")) + "\n", "S008", None),
    "id-mismatch": (lambda t: t.replace("id: AR-2024-0001", "id: AR-2024-9999", 1), "S011", None),
    "negative": (lambda t: _first_amount(t, '"-100.00"'), "S010", None),
    "non-numeric": (lambda t: _first_amount(t, "一百万"), "S010", None),
    "three-decimals": (lambda t: _first_amount(t, '"100.001"'), "S010", None),
    "impossible-date": (lambda t: re.sub(r"date: [0-9-]{10}", "date: 2025-02-30", t, count=1), "S009", None),
    "unknown-debtor": (lambda t: t.replace("debtor: D-0003", "debtor: D-9999", 1), "R001", None),
    "unknown-person": (lambda t: t.replace("collector: ", "collector: nobody #", 1), "R002", None),
    "unknown-unit": (lambda t: t.replace("unit: build", "unit: nowhere", 1), "R003", None),
    "unknown-event": (lambda t: t.replace("type: invoice", "type: invoce", 1), "S009", None),
    "evidence-etc": (lambda t: t.replace("type: invoice,", "type: invoice, evidence: [../../etc/passwd],", 1), "R006", None),
    "evidence-absolute": (lambda t: t.replace("type: invoice,", "type: invoice, evidence: [/etc/passwd],", 1), "R006", None),
}


def _first_amount(text: str, value: str) -> str:
    return re.sub(r'amount: "[0-9.]+"', f"amount: {value}", text, count=1)


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    for folder in ("ledger", "cases", "policies", "docs"):
        shutil.copytree(ROOT / folder, base / folder)
    return base


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_in_a_demo_copy_gets_a_finding(name, demo_copy):
    breaker, rule_id, line = BAD_INPUTS[name]
    path = demo_copy / DEMO_AR
    original = path.read_bytes()
    broken = breaker(original.decode("utf-8"))
    try:
        path.write_bytes(broken if isinstance(broken, bytes) else broken.encode("utf-8"))
        findings = check(load(demo_copy), date(2026, 11, 30))
        mine = [f for f in findings if f.path == DEMO_AR and f.rule == rule_id and f.severity == "error"]
        assert mine, [f.to_text() for f in findings]
        if line:
            assert mine[0].line == line
        result = run_cli("--root", str(demo_copy), "check", "--as-of", "2026-11-30", cwd=demo_copy)
        assert result.returncode == 1 and "Traceback" not in result.stderr
    finally:
        path.write_bytes(original)


def test_overpayment_in_a_demo_copy(demo_copy):
    path = demo_copy / DEMO_AR
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.rstrip("\n") + '\n  - {date: 2026-11-01, type: payment, amount: '
                        '"99999999.00", method: bank, ref: OVER-1}\n', encoding="utf-8")
        result = run_cli("--root", str(demo_copy), "check", "--as-of", "2026-11-30", "--format", "json",
                         cwd=demo_copy)
        found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "L001"]
        assert result.returncode == 1 and found and found[0]["path"] == DEMO_AR
        assert found[0]["line"] == len(original.rstrip("\n").splitlines()) + 1
    finally:
        path.write_text(original, encoding="utf-8")


def test_kept_text_prints_what_rendering_prints(demo_copy):
    """Cold, warm (the kept text) and uncached runs print the same bytes, and say so in the exit."""
    shutil.rmtree(demo_copy / ".qingqian", ignore_errors=True)
    runs = [run_cli("check", "--as-of", "2026-11-30", "--lang", "en", cwd=demo_copy)
            for _ in range(2)]
    runs.append(run_cli("check", "--as-of", "2026-11-30", "--no-cache", "--lang", "en",
                        cwd=demo_copy))
    assert runs[0].stdout and {r.stdout for r in runs} == {runs[0].stdout}
    assert {(r.returncode, r.stderr) for r in runs} == {(0, runs[0].stderr)}
    assert runs[0].stderr.endswith("warnings\n") and "Traceback" not in runs[0].stderr


def test_a_reader_that_stops_early_is_no_error(tmp_path):
    """`qingqian check | head -1`: the process ends quietly when its reader has gone."""
    from qingqian.demo.generate import generate

    generate(tmp_path / "big", 600, seed=3)  # more findings than a pipe holds
    proc = subprocess.Popen([sys.executable, "-m", "qingqian", "check", "--as-of", "2026-11-30"],
                            cwd=tmp_path / "big", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()  # type: ignore[union-attr]
    proc.stdout.close()  # type: ignore[union-attr]
    _, err = proc.communicate(timeout=120)
    assert first and b"Traceback" not in err and proc.returncode == 0, err
