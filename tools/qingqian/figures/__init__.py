"""The money figures: one receivable's allocation as of a date, its recurring charges, and the
month-end outstanding over many dates (the site's trend).

`position` is the one allocation every report and rule reads; `schedule` expands recurring
charges into invoices; `trend` adds the same figures up over many dates in one pass.
"""
