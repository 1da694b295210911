"""On PostgreSQL, a log of the transactions that changed what the directory search reads.

Every statement that writes the services, their places or their languages (insert, update,
delete, truncate, COPY; also with `session_replication_role = replica`) adds its
transaction's id once to `directory_search_change`. The row becomes visible when that
transaction commits, together with its changes, so the number of rows is an exact version of
the search's data: `brug.directory.selectors` caches result counts per version and never
serves a count from before a change it can see. Each transaction adds its own row (no shared
row to update), so writers never wait for each other here.

Skipped on other databases: there the counts are not cached.
"""

from django.db import migrations

TABLES = ["directory_service", "directory_location", "directory_serviceatlocation",
          "directory_language"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TABLE IF NOT EXISTS directory_search_change "
        "(xid bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())")
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION directory_search_changed() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO directory_search_change (xid) VALUES (txid_current()) "
        "ON CONFLICT (xid) DO NOTHING; RETURN NULL; END $$")
    for table in TABLES:
        trigger = f"{table}_search_changed"
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION directory_search_changed()")
        # Also when a bulk load runs with session_replication_role = replica.
        schema_editor.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {trigger}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_changed ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS directory_search_changed()")
    schema_editor.execute("DROP TABLE IF EXISTS directory_search_change")


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_search_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
