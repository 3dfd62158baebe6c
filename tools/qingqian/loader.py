"""Load a ledger repository: find its files, read each strictly, validate it into a model.

Loading never raises for bad data: every problem becomes a Finding with the file,
line and column, and the file is left out of the model.
"""

from __future__ import annotations

import difflib
import gc
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .findings import Finding
from .safefile import read_ledger_bytes

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from pydantic import BaseModel, ValidationError

    from .source import MapNode

RULES_FILE = "policies/rules.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class FileKind:
    name: str
    model_name: str  # a class in qingqian.model, imported on first use (pydantic is slow to import)
    has_id: bool

    @property
    def model(self) -> type[BaseModel]:
        from . import model
        return getattr(model, self.model_name)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple:
        """Unpickled (from a worker process) as the one constant of its name: kinds compare by `is`."""
        return (kind_named, (self.name,))


DEBTOR = FileKind("debtor", "Debtor", True)
RECEIVABLE = FileKind("receivable", "Receivable", True)
CASE = FileKind("case", "Case", True)
RULES = FileKind("rules", "Rules", False)
PEOPLE = FileKind("people", "People", False)
UNITS = FileKind("units", "Units", False)
TARGETS = FileKind("targets", "Targets", False)
KINDS = (DEBTOR, RECEIVABLE, CASE, RULES, PEOPLE, UNITS, TARGETS)


def kind_named(name: str) -> FileKind:
    return next(kind for kind in KINDS if kind.name == name)


def build_validators() -> None:
    """Build every model's deferred validator now (a seventh of a second), not at first use."""
    for kind in KINDS:
        kind.model.model_rebuild()  # a no-op once built


def kind_of(relpath: str) -> FileKind | None:
    """Which model a repository-relative path holds (DESIGN §2), or None for other files."""
    parts = relpath.split("/")
    if not relpath.endswith(YAML_SUFFIXES) or any(p.startswith(".") for p in parts):
        return None
    if parts[0] == "ledger" and len(parts) > 1:
        return DEBTOR if parts[1] == "debtors" else RECEIVABLE
    if parts[0] == "cases":
        return CASE
    if parts[0] == "policies":
        rest = "/".join(parts[1:])
        if rest in ("rules.yaml", "rules.yml"):
            return RULES
        if rest in ("people.yaml", "people.yml"):
            return PEOPLE
        if rest in ("units.yaml", "units.yml"):
            return UNITS
        if len(parts) == 3 and parts[1] == "targets":
            return TARGETS
    return None


def is_ledger_file(relpath: str) -> bool:
    """`kind_of(relpath) is not None`, quick for the common case of a record under ledger/ or cases/."""
    if relpath.startswith(("ledger/", "cases/")):
        return relpath.endswith(YAML_SUFFIXES) and "/." not in relpath
    return kind_of(relpath) is not None


@dataclass(frozen=True, slots=True)
class Loaded:
    """One file's outcome: its model (None when invalid), where its keys stood, its findings."""

    path: str
    kind: FileKind
    model: BaseModel | None
    key_pos: dict[str, tuple[int, int]]
    findings: tuple[Finding, ...]


def load_file(relpath: str, data: bytes, kind: FileKind) -> Loaded:
    """Read and validate one file; pure, so its result can be cached by content hash.

    Typing slips (full-width punctuation, `1,000.00` unquoted, an indentation slip) are
    explained at their own line by `slips`, in place of what they made the parser and
    the validator say.
    """
    loaded = _load_file(relpath, data, kind)
    if not loaded.findings:
        return loaded
    explained = explain_slips(relpath, data, loaded.findings)
    return loaded if explained is loaded.findings else replace(loaded, findings=explained)


def explain_slips(relpath: str, data: bytes, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The findings with slips in place of the parser's and validator's words on their lines."""
    from .slips import indentation_slip, may_have_slips, slips

    text = data.decode("utf-8", "replace")
    found = slips(text) if may_have_slips(text) else []
    syntax = [f for f in findings if f.rule == "S001" and f.message.startswith("YAML syntax")]
    if syntax and not found:
        slip = indentation_slip(text, syntax[0].line)
        found = [slip] if slip else []
    if not found:
        return findings
    lines = {s.line for s in found}
    near = {n for s in found for n in range(s.line, s.line + 3)}
    # a key the slip spoiled (`　unit:` is read as a key named "　unit") is not also missing
    rows = text.splitlines()
    spoiled = {f"missing field `{_slipped_key(rows[n - 1])}`" for n in lines if n <= len(rows)}
    kept = [f for f in findings if not (f.rule in ("S007", "S009", "S010") and f.line in lines)
            and not (f in syntax and f.line in near)
            and not (f.rule == "S008" and f.message in spoiled)]
    return tuple(sorted([*kept, *(Finding(relpath, s.line, s.col, s.rule, s.message, hint=s.hint)
                                  for s in found)]))


def _slipped_key(line: str) -> str:
    """The key a line with a typing slip meant: before its colon, full-width spaces and
    list dashes stripped (`　unit：east` means `unit`)."""
    head = line.replace("：", ":").split(":", 1)[0]
    return head.strip(" \u3000\t-")


def _load_file(relpath: str, data: bytes, kind: FileKind) -> Loaded:
    from .source import MapNode, read_yaml  # YAML is imported when a file is read, not before

    document = read_yaml(data)
    findings = [Finding(relpath, p.line, p.col, p.rule, p.message, hint=p.hint)
                for p in document.problems]
    root = document.root
    if not isinstance(root, MapNode):
        if not document.problems:
            what = "empty" if root is None else f"a {'list' if isinstance(root, list) else 'scalar'}"
            findings.append(Finding(relpath, 1, 1, "S003", f"file is {what}, not a mapping of fields",
                                    hint=f"a {kind.name} file starts with `id:`" if kind.has_id else ""))
        return Loaded(relpath, kind, None, {}, tuple(findings))
    if any(f.rule in ("S001", "S002", "S005", "S006", "S014") for f in findings):
        return Loaded(relpath, kind, None, dict(root.key_pos), tuple(findings))
    from pydantic import ValidationError

    try:
        model = kind.model.model_validate(root)
    except ValidationError as exc:
        findings.extend(_validation_findings(relpath, root, exc, kind.model))
        model = None
    if model is not None and kind.has_id:
        stem = os.path.splitext(os.path.basename(relpath))[0]
        if model.id != stem:  # type: ignore[attr-defined]
            line, col = root.key_pos["id"]
            findings.append(Finding(relpath, line, col, "S011", f"id `{model.id}` does not match the "
                                    f"file name `{stem}`", hint=f"rename the file or set `id: {stem}`"))
    if model is not None:
        findings.extend(_formula_findings(relpath, root, model))
    return Loaded(relpath, kind, model, dict(root.key_pos), tuple(findings))


FORMULA_FIELDS = ("name", "title")


def _formula_findings(relpath: str, root: MapNode, model: BaseModel) -> list[Finding]:
    """S018: a name or title a spreadsheet would run as a formula (`=HYPERLINK(…)`)."""
    from .cells import formula_like

    out = []
    for key in FORMULA_FIELDS:
        value = getattr(model, key, None)
        if isinstance(value, str) and formula_like(value):
            line, col = root.key_pos.get(key, (1, 1))
            out.append(Finding(relpath, line, col, "S018",
                               f"`{key}` 以公式字符开头 / starts with `{value[:1]!r}`, which a "
                               "spreadsheet reads as a formula",
                               hint="remove the leading character; exports write it as text"))
    return out


_RULE_OF_ERROR = {"extra_forbidden": "S007", "missing": "S008", "union_tag_not_found": "S008",
                  "amount": "S010"}


def _validation_findings(relpath: str, root: MapNode, exc: ValidationError,
                         model: type[BaseModel]) -> list[Finding]:
    out = []
    for error in exc.errors(include_url=False, include_input=False):
        loc = error["loc"]
        line, col = _locate(root, loc)
        rule = _RULE_OF_ERROR.get(error["type"], "S009")
        where = ".".join(str(p) for p in loc if not _is_tag(p))
        message, hint = error["msg"], ""
        if rule == "S007":
            message = f"unknown field `{loc[-1]}`"
            hint = _suggest(str(loc[-1]), model)
        elif rule == "S008":
            missing = error["type"] == "missing"
            message = f"missing field `{loc[-1] if missing else 'type'}`"
            context = (where.rsplit(".", 1)[0] if "." in where else "") if missing else where
            message += f" in {context}" if context else ""
        elif error["type"] == "union_tag_invalid":
            rule, message = "S009", f"unknown event type `{error.get('ctx', {}).get('tag')}`"
            hint = "use one of " + ", ".join(sorted(_event_types()))
        else:
            message = f"{where}: {message}"
        out.append(Finding(relpath, line, col, rule, message, hint=hint))
    return out


def _locate(root: MapNode, loc: tuple) -> tuple[int, int]:
    from .source import locate

    return locate(root, loc)


def _is_tag(part: object) -> bool:
    return isinstance(part, str) and (part in _event_types() or "[" in part)


def _event_types() -> tuple[str, ...]:
    from .model import EVENT_TYPES
    return EVENT_TYPES


def _suggest(name: str, model: type[BaseModel]) -> str:
    """'did you mean' from every field name the file kind knows."""
    match = difflib.get_close_matches(name, sorted(_field_names(model)), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else "remove it or check the spelling"


def _field_names(model: type[BaseModel], seen: set | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        if name != "pos":
            names.add(info.alias or name)
        for sub in _models_in(info.annotation):
            names |= _field_names(sub, seen)
    return names


def _models_in(annotation: object) -> list[type[BaseModel]]:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def discover(root: Path) -> list[str]:
    """Every file a ledger holds under ledger/, cases/ and policies/, sorted.

    Any YAML file below ledger/ or cases/ is a record (kind_of); hidden files and folders
    are skipped and symlinked folders not followed, as `os.walk` does. One scandir per
    folder and no per-file path parsing: a 100,000-file ledger is listed in a fraction of a second.
    """
    found: list[str] = []
    for top in ("ledger", "cases"):
        _walk(root / top, top, found)
    policies: list[str] = []
    _walk(root / "policies", "policies", policies)
    found.extend(p for p in policies if kind_of(p))
    found.sort()
    return found


def _walk(folder: Path, rel: str, found: list[str]) -> None:
    skip = len(str(folder))
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        prefix = rel + dirpath[skip:].replace(os.sep, "/") + "/"
        names = [name for name in filenames if name.endswith(YAML_SUFFIXES) and not name.startswith(".")]
        # a linked folder is listed, not entered: reading it gives S019 at its own path
        names += [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        if not (prefix + "".join(names)).isascii():
            prefix, names = _printable(dirpath, prefix, names)
        found.extend([prefix + name for name in names])


POOL_THRESHOLD = 2000  # below this many files, one process is faster than a pool


def pool() -> Executor:
    """One worker process per core; the models' validators are built first, then shared by fork."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    build_validators()
    gc.freeze()  # what is built so far lives as long as the run: no collector pass rescans it
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context(method))


def load_paths(root: Path, paths: list[str]) -> list[Loaded]:
    """Each file read and validated, on every core when there are many."""
    if len(paths) < POOL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return _load_chunk(str(root), paths)
    size = max(200, len(paths) // ((os.cpu_count() or 1) * 4))
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    with pool() as workers:
        return [item for part in workers.map(_load_chunk, [str(root)] * len(chunks), chunks) for item in part]


def _load_chunk(root: str, paths: list[str]) -> list[Loaded]:
    out = []
    for path in paths:
        data = read_ledger_bytes(os.path.join(root, path))
        out.append(load_file(path, data, kind_of(path)))  # type: ignore[arg-type]
    return out


def _printable(dirpath: str, prefix: str, names: list[str]) -> tuple[str, list[str]]:
    """Names that are not UTF-8 (Python keeps their bytes as surrogates, which every later
    encode refuses) are shown with `\\xNN` escapes and recorded, so reading them gives S020."""
    from .safefile import UNDECODABLE

    def shown(text: str) -> str:
        try:
            text.encode("utf-8")
            return text
        except UnicodeEncodeError:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    out = []
    for name in names:
        display = shown(prefix + name)
        if display != prefix + name:
            UNDECODABLE.add(os.path.join(shown(dirpath), shown(name)))
        out.append(display[len(shown(prefix)):])
    return shown(prefix), out
