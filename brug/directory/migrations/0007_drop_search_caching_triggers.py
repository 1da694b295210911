"""Drop the triggers that served the search's kept result pages (issue 12).

The search reads plain querysets on its indexes now; nothing reads the data version of
`brug.core.versions` (0006) or the change log of 0005 any more. Databases that ran those
migrations still carry their statement triggers, which cost every write to the directory;
they go here. PostgreSQL only (nothing was created elsewhere). The shared version function
and table belong to `core` and go with its own migration.
"""

from django.db import migrations

# Tables that 0006 gave a "<table>_directory_version" trigger.
VERSIONED = ["directory_service", "directory_location", "directory_serviceatlocation",
             "directory_language", "directory_provider"]
# Tables that 0005 gave a "<table>_search_changed" trigger (0006 dropped them already on
# databases that ran it; IF EXISTS keeps this safe either way).
LOGGED = ["directory_service", "directory_location", "directory_serviceatlocation",
          "directory_language"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VERSIONED:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_directory_version ON {table}")
    for table in LOGGED:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_changed ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS directory_search_changed()")
    schema_editor.execute("DROP TABLE IF EXISTS directory_search_change")


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_search_version")]
    # Nothing to restore going back: the triggers served code that no longer exists.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
