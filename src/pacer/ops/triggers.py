"""Database triggers that change the data version whenever a watched table is written.

Watched: every table of the apps whose rows the home page and the progress pages read, i.e.
``crm`` (customers, projects, milestones, activities, leads, orders, payments, products…),
``org`` (company, teams, people), ``plans`` (plans, nodes, periods, actions, changes),
``alerts``, ``forecasts``, ``reviews``, ``adjustments``, ``incentives`` and ``sla``. Not
watched: the audit trail, API tokens, sessions and logins, which those pages do not show and
which are written on every login.

PostgreSQL gets one ``FOR EACH STATEMENT`` trigger per table for INSERT/UPDATE/DELETE plus one
for TRUNCATE, so a statement (or a COPY) of millions of rows notes its transaction once (in
``ops_datachange``, see ``pacer.ops.models``). SQLite has
no statement triggers: it gets one row trigger per kind of write.

A migration that adds a model to a watched app must call :func:`install` for its table (and
:func:`remove` before dropping it is not needed: the triggers go with the table). On SQLite,
Django rebuilds a table for some field changes and the rebuilt table has no triggers: such a
migration must call :func:`install` again (``tests/ops/test_data_version.py`` fails until it
does).
"""

from __future__ import annotations

from typing import Any

from django.apps.registry import Apps
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

WATCHED_APPS = (
    "adjustments",
    "alerts",
    "crm",
    "forecasts",
    "incentives",
    "org",
    "plans",
    "reviews",
    "sla",
)

TRIGGER_PREFIX = "ops_dv_"
PG_FUNCTION = "ops_dataversion_bump"
SQLITE_EVENTS = ("insert", "update", "delete")

# One row per writing transaction, not an UPDATE of one shared row: an UPDATE would hold that
# row's lock until commit, so every writer would queue behind a long import (and two writers
# that also lock rows of their own could deadlock). Distinct keys never wait for each other;
# a transaction's later statements only touch its own row. ``writes`` takes a new number from a
# sequence at every statement (sequences ignore rollbacks), so a value cached between two writes
# of one transaction, or before a rolled-back savepoint, is never taken for another state.
PG_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION ops_dataversion_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ops_datachange (txid, at, writes)
        VALUES (txid_current(), now(), nextval('ops_datachange_writes'))
        ON CONFLICT (txid) DO UPDATE SET writes = EXCLUDED.writes;
    RETURN NULL;
END;
$$;
"""


def watched_tables(apps: Apps) -> list[str]:
    """The database tables of the watched apps' models (many-to-many tables included), sorted."""
    tables: set[str] = set()
    for label in WATCHED_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models(include_auto_created=True):
            meta: Any = model._meta
            if meta.managed and not meta.proxy:
                tables.add(meta.db_table)
    return sorted(tables)


def install_function(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Create (or replace) the PostgreSQL function the triggers call; nothing on SQLite."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS ops_datachange_writes")
        schema_editor.execute(PG_FUNCTION_SQL)


def install(schema_editor: BaseDatabaseSchemaEditor, table: str) -> None:
    """Make every write to ``table`` change the data version (idempotent)."""
    quote = schema_editor.quote_name
    vendor = schema_editor.connection.vendor
    name = f"{TRIGGER_PREFIX}{table}"
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE TRIGGER {quote(name)} "
            f"AFTER INSERT OR UPDATE OR DELETE ON {quote(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
        )
        schema_editor.execute(
            f"CREATE OR REPLACE TRIGGER {quote(name + '_truncate')} "
            f"AFTER TRUNCATE ON {quote(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
        )
    elif vendor == "sqlite":
        for event in SQLITE_EVENTS:
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {quote(f'{name}_{event}')} "  # noqa: S608
                f"AFTER {event.upper()} ON {quote(table)} BEGIN "
                "UPDATE ops_dataversion SET token = lower(hex(randomblob(16))), "
                "changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1; END"
            )
    else:
        msg = f"data version triggers are not written for the {vendor} database"
        raise NotImplementedError(msg)


def remove(schema_editor: BaseDatabaseSchemaEditor, table: str) -> None:
    """Undo :func:`install` for ``table`` (the table stays)."""
    quote = schema_editor.quote_name
    vendor = schema_editor.connection.vendor
    name = f"{TRIGGER_PREFIX}{table}"
    if vendor == "postgresql":
        for trigger in (name, f"{name}_truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(trigger)} ON {quote(table)}")
    elif vendor == "sqlite":
        for event in SQLITE_EVENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(f'{name}_{event}')}")


def tables_missing_triggers(connection: Any, tables: list[str]) -> dict[str, list[str]]:
    """Of ``tables``, those lacking a data-version trigger, with the kinds of write not covered.

    Read from the database's own catalogue (``sqlite_master`` or ``pg_trigger``).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgtype FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE NOT t.tgisinternal AND p.proname = %s AND t.tgenabled <> 'D'",
                [PG_FUNCTION],
            )
            found = _pg_events(cursor.fetchall())
            wanted: tuple[str, ...] = (*SQLITE_EVENTS, "truncate")
        else:
            cursor.execute(
                "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND sql LIKE '%UPDATE ops_dataversion SET token%'"
            )
            found = _sqlite_events(cursor.fetchall())
            wanted = SQLITE_EVENTS
    missing: dict[str, list[str]] = {}
    for table in tables:
        lacking = [event for event in wanted if event not in found.get(table, set())]
        if lacking:
            missing[table] = lacking
    return missing


# pg_trigger.tgtype bits (PostgreSQL's include/catalog/pg_trigger.h).
_PG_ROW = 1
_PG_EVENT_BITS = {"insert": 4, "delete": 8, "update": 16, "truncate": 32}


def _pg_events(rows: list[tuple[str, int]]) -> dict[str, set[str]]:
    """Kinds of write covered per table by statement-level triggers (row ones do not count:
    they would change the token once per row of a COPY)."""
    found: dict[str, set[str]] = {}
    for table, tgtype in rows:
        if tgtype & _PG_ROW:
            continue
        events = {event for event, bit in _PG_EVENT_BITS.items() if tgtype & bit}
        found.setdefault(table, set()).update(events)
    return found


def _sqlite_events(rows: list[tuple[str, str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for table, sql in rows:
        head = " ".join(sql.upper().split())
        events = {event for event in SQLITE_EVENTS if f"AFTER {event.upper()} ON" in head}
        found.setdefault(table, set()).update(events)
    return found
