from django.db import migrations, models


def closed_ccas_are_not_at_risk(apps, schema_editor):
    """The at-risk flag ends with the CCA (issue 9): clear it on every CCA already closed."""
    from seats.domain.statuses import TERMINAL

    CCA = apps.get_model("seats", "CCA")
    CCA.objects.filter(status__in=[s.value for s in TERMINAL], at_risk=True).update(
        at_risk=False, at_risk_since=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("seats", "0011_access_purpose"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="bulk_approval_needs_review",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "An LEA only: bulk approval skips every request its counselor has not "
                    "reviewed (SEOP/PCCR answer); each is still approved on its own page."
                ),
                verbose_name="Bulk approval needs the counselor's review",
            ),
        ),
        migrations.RunPython(closed_ccas_are_not_at_risk, migrations.RunPython.noop),
    ]
