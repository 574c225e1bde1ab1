"""User.language is blank until the person chooses a language.

Existing rows keep their value: the old default ("en") cannot be told apart from an explicit
choice of English, and an explicit choice must never be undone. New accounts start blank, so the
browser's Accept-Language applies to them until they choose.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("seats", "0005_state_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("es", "Español")],
                default="",
                max_length=8,
            ),
        ),
    ]
