"""The database itself refuses UPDATE and DELETE on the access log (PostgreSQL and SQLite)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_access_log_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_access_log_append_only();
"""

SQLITE_CREATE = [
    """CREATE TRIGGER audit_access_log_no_update BEFORE UPDATE ON audit_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'The access log is append-only (UPDATE refused)'); END;""",
    """CREATE TRIGGER audit_access_log_no_delete BEFORE DELETE ON audit_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'The access log is append-only (DELETE refused)'); END;""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_access_log_no_update;",
    "DROP TRIGGER IF EXISTS audit_access_log_no_delete;",
]

DROP = """
DROP TRIGGER IF EXISTS audit_access_log_append_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_access_log_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
