import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Signatures point at their wordings in core's store (filled in by 0006)."""

    dependencies = [
        ("core", "0002_consent_wording"),
        ("petitions", "0004_signature_confirmation_held"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="consent",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.consentwording",
            ),
        ),
        migrations.AddField(
            model_name="signature",
            name="updates_consent",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The updates opt-in wording, when the signer ticked it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.consentwording",
            ),
        ),
    ]
