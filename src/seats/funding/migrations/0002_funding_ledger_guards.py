"""PostgreSQL guards of the ledger: every statement that inserts legs must leave each entry it
touches with exactly two legs summing to zero, and entries and legs are never updated or deleted.
(On SQLite the posting service's check at commit and the models' save/delete guards apply.)"""

from django.db import migrations

BALANCE = """
CREATE FUNCTION seats_funding_legs_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad bigint;
BEGIN
    SELECT l.entry_id INTO bad FROM seats_funding_leg l
    WHERE l.entry_id IN (SELECT DISTINCT entry_id FROM new_legs)
    GROUP BY l.entry_id HAVING SUM(l.amount) <> 0 OR COUNT(*) <> 2 LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'ledger entry % does not balance: its two legs must sum to zero', bad
            USING ERRCODE = '23514';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER seats_funding_legs_balance AFTER INSERT ON seats_funding_leg
    REFERENCING NEW TABLE AS new_legs FOR EACH STATEMENT
    EXECUTE FUNCTION seats_funding_legs_balance();
CREATE FUNCTION seats_funding_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only: a correction is a reversal', TG_TABLE_NAME
        USING ERRCODE = '23514';
END $$;
CREATE TRIGGER seats_funding_leg_append_only BEFORE UPDATE OR DELETE ON seats_funding_leg
    FOR EACH ROW EXECUTE FUNCTION seats_funding_append_only();
CREATE TRIGGER seats_funding_entry_append_only BEFORE UPDATE OR DELETE ON seats_funding_entry
    FOR EACH ROW EXECUTE FUNCTION seats_funding_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS seats_funding_entry_append_only ON seats_funding_entry;
DROP TRIGGER IF EXISTS seats_funding_leg_append_only ON seats_funding_leg;
DROP FUNCTION IF EXISTS seats_funding_append_only();
DROP TRIGGER IF EXISTS seats_funding_legs_balance ON seats_funding_leg;
DROP FUNCTION IF EXISTS seats_funding_legs_balance();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("seats_funding", "0001_initial")]
    operations = [migrations.RunPython(_on_postgres(BALANCE), _on_postgres(DROP))]
