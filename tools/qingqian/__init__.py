"""qingqian: receivables and debt collection (清收清欠) kept as plain-text YAML in Git."""

__version__ = "0.1.0"
