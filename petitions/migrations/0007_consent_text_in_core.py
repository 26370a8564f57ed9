import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The version fields and ConsentText go, now that 0006 carried them to core's store."""

    dependencies = [
        ("core", "0002_consent_wording"),
        ("petitions", "0006_carry_consent_texts"),
    ]

    operations = [
        # A default first, so that going back can add the column to rows that exist.
        migrations.AlterField(
            model_name="signature",
            name="consent_version",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.RemoveField(model_name="signature", name="consent_version"),
        migrations.RemoveField(model_name="signature", name="updates_consent_version"),
        migrations.AlterField(
            model_name="signature",
            name="consent",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.consentwording",
            ),
        ),
        migrations.DeleteModel(name="ConsentText"),
    ]
