"""The payment run's reads of core's history, served by two small partial indexes (PostgreSQL):
the moves into a status a payment can follow (the first Confirmed entry, the entry that set the
closeout status), and the entries that recorded a transcript. The run reads about 1.5 million
of the history's rows through them instead of scanning all of it (docs/performance.md).

The status list is ``services.facts.REACHABLE_AFTER_CONFIRMED`` when this was written; the run's
queries repeat the same predicate (``services.setplan.MOVES``) so the planner can use them, and a
test checks that the two lists agree."""

from django.db import migrations

REACHABLE = (
    "'administrative_withdrawal', 'administrative_withdrawal_quarter_earned', "
    "'anticipated_late_pass', 'completed_grade_too_low', 'confirmed', "
    "'disciplinary_withdrawal', 'disciplinary_withdrawal_quarter_earned', "
    "'failed_to_complete', 'late_pass', 'loss_of_eligibility_after_20', "
    "'loss_of_eligibility_quarter_earned', 'loss_of_eligibility_within_20', "
    "'pass_all_complete', 'quarter_earned_not_passing', 'student_withdrawal_after_20', "
    "'student_withdrawal_within_20'"
)
CREATE = f"""
CREATE INDEX IF NOT EXISTS funding_history_moves ON seats_ccahistory (cca_id, seq)
    INCLUDE (id, at, to_status)
    WHERE to_status IN ({REACHABLE}) AND from_status <> to_status;
CREATE INDEX IF NOT EXISTS funding_history_transcripts ON seats_ccahistory (cca_id, seq)
    INCLUDE (id, at) WHERE details ? 'transcript_issued_on';
"""
DROP = """
DROP INDEX IF EXISTS funding_history_transcripts;
DROP INDEX IF EXISTS funding_history_moves;
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("seats_funding", "0004_run_approval_progress")]
    operations = [migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP))]
