"""Candidate.shared_in_region: whether a region-wide consent is active, kept by the database itself.

The flag lets the candidate list filter and index the other partners' shared candidates instead of testing
a consent subquery for every row. Consent rows are written by the services, but also in bulk (the demo, test
factories, imports), so triggers keep the flag right on every write to candidates_consent, and refuse any
other value an INSERT or UPDATE of a candidate row brings (a Django save() writes every column, also from
an instance loaded before the consent changed).

On SQLite, an operation that rebuilds one of the two tables (Django copies it to a new table) drops its
triggers: test_shared_flag.py fails when that happens, and the rebuild's migration must then create them
again (forwards() below).
"""

from django.db import migrations, models

HAS_CONSENT = """EXISTS (
    SELECT 1 FROM candidates_consent consent
    WHERE consent.candidate_id = {candidate_id}
      AND consent.scope = 'region_wide' AND consent.withdrawn_at IS NULL
)"""

FILL = (
    "UPDATE candidates_candidate SET shared_in_region = {true} WHERE "
    + HAS_CONSENT.format(candidate_id="candidates_candidate.id")
)

POSTGRES_CREATE = f"""
CREATE OR REPLACE FUNCTION candidates_candidate_shared_in_region() RETURNS trigger AS $$
BEGIN
    NEW.shared_in_region := {HAS_CONSENT.format(candidate_id="NEW.id")};
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER candidates_candidate_shared_in_region
    BEFORE INSERT OR UPDATE OF shared_in_region ON candidates_candidate
    FOR EACH ROW EXECUTE FUNCTION candidates_candidate_shared_in_region();

CREATE OR REPLACE FUNCTION candidates_consent_shared_in_region() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.scope = 'region_wide' THEN
        UPDATE candidates_candidate SET shared_in_region = {HAS_CONSENT.format(candidate_id="OLD.candidate_id")}
        WHERE id = OLD.candidate_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.scope = 'region_wide'
       AND (TG_OP = 'INSERT' OR OLD.scope <> 'region_wide' OR OLD.candidate_id <> NEW.candidate_id) THEN
        UPDATE candidates_candidate SET shared_in_region = {HAS_CONSENT.format(candidate_id="NEW.candidate_id")}
        WHERE id = NEW.candidate_id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER candidates_consent_shared_in_region
    AFTER INSERT OR UPDATE OR DELETE ON candidates_consent
    FOR EACH ROW EXECUTE FUNCTION candidates_consent_shared_in_region();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS candidates_consent_shared_in_region ON candidates_consent;
DROP FUNCTION IF EXISTS candidates_consent_shared_in_region();
DROP TRIGGER IF EXISTS candidates_candidate_shared_in_region ON candidates_candidate;
DROP FUNCTION IF EXISTS candidates_candidate_shared_in_region();
"""

_SQLITE_SYNC = "UPDATE candidates_candidate SET shared_in_region = {has} WHERE id IN ({ids});".format(
    has=HAS_CONSENT.format(candidate_id="candidates_candidate.id"), ids="{ids}"
)

# SQLite has no BEFORE trigger that changes the row, so these correct it right after the write. Triggers do
# not fire themselves again (recursive_triggers is off), and the correction leaves the value right.
SQLITE_CREATE = [
    f"""CREATE TRIGGER candidates_consent_shared_insert AFTER INSERT ON candidates_consent
        WHEN NEW.scope = 'region_wide'
        BEGIN {_SQLITE_SYNC.format(ids="NEW.candidate_id")} END;""",
    f"""CREATE TRIGGER candidates_consent_shared_update AFTER UPDATE ON candidates_consent
        WHEN OLD.scope = 'region_wide' OR NEW.scope = 'region_wide'
        BEGIN {_SQLITE_SYNC.format(ids="OLD.candidate_id, NEW.candidate_id")} END;""",
    f"""CREATE TRIGGER candidates_consent_shared_delete AFTER DELETE ON candidates_consent
        WHEN OLD.scope = 'region_wide'
        BEGIN {_SQLITE_SYNC.format(ids="OLD.candidate_id")} END;""",
    f"""CREATE TRIGGER candidates_candidate_shared_insert AFTER INSERT ON candidates_candidate
        WHEN NEW.shared_in_region IS NOT {HAS_CONSENT.format(candidate_id="NEW.id")}
        BEGIN {_SQLITE_SYNC.format(ids="NEW.id")} END;""",
    f"""CREATE TRIGGER candidates_candidate_shared_update AFTER UPDATE OF shared_in_region ON candidates_candidate
        WHEN NEW.shared_in_region IS NOT {HAS_CONSENT.format(candidate_id="NEW.id")}
        BEGIN {_SQLITE_SYNC.format(ids="NEW.id")} END;""",
]

SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "candidates_consent_shared_insert",
        "candidates_consent_shared_update",
        "candidates_consent_shared_delete",
        "candidates_candidate_shared_insert",
        "candidates_candidate_shared_update",
    )
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(FILL.format(true="true"), params=None)
        schema_editor.execute(POSTGRES_CREATE, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(FILL.format(true="1"), params=None)
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement, params=None)
    else:
        raise NotImplementedError(f"candidates.shared_in_region needs triggers for {vendor}")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("candidates", "0001_initial"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="shared_in_region",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveIndex(model_name="candidate", name="candidates__region__4be8a5_idx"),
        migrations.AddIndex(
            model_name="candidate",
            index=models.Index(
                fields=[
                    "region",
                    "responsible_organisation",
                    "last_name",
                    "first_name",
                    "status",
                    "target_group",
                    "last_confirmed_at",
                ],
                name="candidate_own_list_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="candidate",
            index=models.Index(
                condition=models.Q(("shared_in_region", True)),
                fields=[
                    "region",
                    "municipality",
                    "uuid",
                    "responsible_organisation",
                    "status",
                    "target_group",
                    "last_confirmed_at",
                ],
                name="candidate_shared_list_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="candidate",
            index=models.Index(
                condition=models.Q(("shared_in_region", True)),
                fields=[
                    "region",
                    "status",
                    "target_group",
                    "last_confirmed_at",
                    "municipality",
                    "responsible_organisation",
                    "shared_in_region",
                ],
                name="candidate_shared_count_idx",
            ),
        ),
    ]
