"""The collector's day: deadlines, the escalation ladder, the work queue, calendar, mail."""
