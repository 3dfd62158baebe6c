"""The Git layer: the one runner for `git` (run), the one parser of its listings (listing),
GitPython's repository reads (repo: trees, logs, revisions) and the drivers that walk
history for the H rules and `--as-known-at` (history, known). Nothing here imports GitPython
until a command needs it; the bottom modules (run, listing) import nothing of qingqian.
"""

from .run import GitProblem

__all__ = ["GitProblem"]
