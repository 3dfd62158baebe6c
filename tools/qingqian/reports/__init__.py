"""Reports: pure functions from a ledger and an as-of date to frozen data (DESIGN §5).

Each report module exposes one builder returning a frozen dataclass with `to_json()`
(the DESIGN §5 shape) and `tables(lang)` (`reports.layout` data, formatted by
`render.table`). Shared pieces live in `reports.common`, every label in `reports.labels`.
Conventions that are choices, not statute, are documented in each builder's docstring.
"""
