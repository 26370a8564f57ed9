import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Each Gift Aid declaration points at its wording in core's store (filled in by 0008)."""

    dependencies = [
        ("core", "0002_consent_wording"),
        ("donations", "0006_donation_subscription_cancellation"),
    ]

    operations = [
        migrations.AddField(
            model_name="giftaiddeclaration",
            name="wording",
            field=models.ForeignKey(
                help_text="The declaration as the donor saw it (core/consent.py).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.consentwording",
            ),
        ),
    ]
