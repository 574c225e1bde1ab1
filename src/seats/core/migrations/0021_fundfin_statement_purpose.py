"""A dedicated access-log purpose for reading a payment or withholding statement (issue 10)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("seats", "0020_repbench_report_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="purpose",
            field=models.CharField(
                blank=True,
                choices=[
                    ("queue", "Working the request queue"),
                    ("review", "Reviewing a request"),
                    ("decide", "Deciding on a request"),
                    ("family", "A family following its own courses"),
                    ("caseload", "Following the school's caseload"),
                    ("student", "Reviewing a student's courses"),
                    ("lea_oversight", "LEA oversight of its schools"),
                    ("provider_work", "Provider processing an enrollment"),
                    ("census", "Provider census confirmation"),
                    ("contact", "Contacting a student's counselor"),
                    ("compliance", "State compliance monitoring"),
                    ("duplicates", "State review of duplicate requests"),
                    ("audit", "Auditing access to student records"),
                    ("notices", "Reading notices"),
                    ("export", "Export to a spreadsheet"),
                    ("sis_sync", "Export for SIS (API)"),
                    ("sis_export", "Export for SIS (file)"),
                    ("state_reporting", "State reporting (UTREx)"),
                    ("pupil_accounting", "Pupil accounting (membership)"),
                    ("statement", "Reconciling a payment or withholding statement"),
                ],
                help_text="Why (SPEC 10).",
                max_length=32,
            ),
        ),
    ]
