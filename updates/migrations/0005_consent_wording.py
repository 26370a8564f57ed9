import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Each consent row points at its wording in core's store (filled in by 0006)."""

    dependencies = [
        ("core", "0002_consent_wording"),
        ("updates", "0004_sync_state_failing"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="wording",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.consentwording",
            ),
        ),
    ]
