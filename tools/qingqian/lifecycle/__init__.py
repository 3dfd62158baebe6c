"""Lifecycle of a claim: limitation, credit holds, key debts and collection cases.

Pure library code: each module computes frozen results from a `Ledger` and an
as-of date, which the P/A rules and the lifecycle reports both read, so no
figure is computed twice in two places (STYLE: reports compute, renderers format).
"""
