import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The text and version fields go, now that 0006 carried them to core's store."""

    dependencies = [
        ("core", "0002_consent_wording"),
        ("updates", "0006_carry_consent_wordings"),
    ]

    operations = [
        # A default first, so that going back can add the column to rows that exist.
        migrations.AlterField(
            model_name="consent", name="text", field=models.TextField(default="")
        ),
        migrations.AlterField(
            model_name="consent",
            name="version",
            field=models.CharField(default="", max_length=50),
        ),
        migrations.RemoveField(model_name="consent", name="text"),
        migrations.RemoveField(model_name="consent", name="version"),
        migrations.AlterField(
            model_name="consent",
            name="wording",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.consentwording",
            ),
        ),
    ]
