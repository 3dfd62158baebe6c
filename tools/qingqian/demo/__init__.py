"""Developer tools, never imported by a check or a report: the synthetic demo ledger."""
