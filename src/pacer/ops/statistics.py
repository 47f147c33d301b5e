"""Planner statistics after bulk writes.

Right after a bulk load PostgreSQL has no statistics for the new rows, and its planner can pick
plans that scan for minutes (seen on the demo company's home page). ``ANALYZE`` fixes that; it
may run inside the loading transaction and counts that transaction's own rows.
"""

from __future__ import annotations

from django.db import connection


def statistics_refresh() -> None:
    """Refresh the planner's statistics (PostgreSQL); a no-op on SQLite, which plans fine."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
