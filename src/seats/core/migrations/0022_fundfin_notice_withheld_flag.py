"""An overdue flag for a request whose decision window passed without a Notice of Enrollment
(an approval hook refused the deemed approval: R277-726-9(2)(b), docs/funding.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("seats", "0021_fundfin_statement_purpose"),
    ]

    operations = [
        migrations.AlterField(
            model_name="overdueflag",
            name="kind",
            field=models.CharField(
                choices=[
                    ("provider_decision", "Provider decision overdue"),
                    ("iep_forwarding", "IEP / 504 forwarding overdue"),
                    ("confirmation", "Confirmation after census overdue"),
                    ("transcript", "Transcript overdue"),
                    ("closeout", "June 30 closeout overdue"),
                    ("late_pass", "Anticipated Late Pass not finalized"),
                    ("administrative_withdrawal", "Administrative Withdrawal overdue"),
                    ("notice_withheld", "Decision window passed, no Notice of Enrollment"),
                ],
                max_length=32,
            ),
        ),
    ]
