"""Structure rules (S): reported by the loader while reading and validating each file."""

from __future__ import annotations

from ..findings import ERROR, WARNING
from .registry import Rule

RULES = (
    Rule("S001", "yaml-syntax", ERROR, "The file is not well-formed YAML (or holds several documents)."),
    Rule("S002", "encoding", ERROR, "The file is not UTF-8, or starts with a byte order mark."),
    Rule("S003", "not-a-mapping", ERROR, "The file is empty, a list or a scalar instead of a mapping of fields."),
    Rule("S004", "duplicate-key", ERROR, "A key appears twice in one mapping (YAML tools silently keep the last)."),
    Rule("S005", "yaml-feature", ERROR, "Anchors, aliases, explicit tags and merge keys (<<) are not allowed."),
    Rule("S006", "too-large", ERROR, "The file is above the size limit, nested too deep or has too many nodes."),
    Rule("S007", "unknown-field", ERROR, "A field the file format does not know, usually a typo such as `amout`."),
    Rule("S008", "missing-field", ERROR, "A required field is missing."),
    Rule("S009", "invalid-value", ERROR, "A value of the wrong type: an impossible date, an unknown choice, a list for a text."),
    Rule("S010", "amount-format", ERROR, "An amount that is negative, not a number, or has more than two decimals."),
    Rule("S011", "id-mismatch", ERROR, "The `id` differs from the file name."),
    Rule("S012", "duplicate-id", ERROR, "The same id is used by two files (ids are unique across the ledger)."),
    Rule("S013", "ambiguous-scalar", ERROR, "An unquoted value that YAML 1.1 tools read differently (`NO`, `010`, `1:30`)."),
    Rule("S014", "tab-indent", ERROR, "A tab character in indentation; YAML indents with spaces."),
    Rule("S018", "formula-text", WARNING, "A name or title starts with = + - @, a tab or CR, which a spreadsheet runs as a formula."),
    Rule("S019", "not-a-regular-file", ERROR, "A symbolic link, FIFO or device where a ledger file should be; never followed or read."),
    Rule("S020", "file-name-encoding", ERROR, "A file name that is not valid UTF-8; it is not read."),
    Rule("S030", "tracked-cache-file", ERROR,
         "A file under `.qingqian/` is tracked by Git; qingqian never reads state from the work tree.",
         example=".qingqian/cache/ab.pickle committed (git rm -r --cached .qingqian)"),
)
