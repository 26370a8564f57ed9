import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The version and text fields go, now that 0008 carried them to core's store."""

    dependencies = [
        ("core", "0002_consent_wording"),
        ("donations", "0008_carry_gift_aid_wordings"),
    ]

    operations = [
        # A default first, so that going back can add the column to rows that exist.
        migrations.AlterField(
            model_name="giftaiddeclaration",
            name="declaration_version",
            field=models.CharField(default="", max_length=20),
        ),
        migrations.AlterField(
            model_name="giftaiddeclaration",
            name="declaration_text",
            field=models.TextField(default=""),
        ),
        migrations.RemoveField(model_name="giftaiddeclaration", name="declaration_version"),
        migrations.RemoveField(model_name="giftaiddeclaration", name="declaration_text"),
        migrations.AlterField(
            model_name="giftaiddeclaration",
            name="wording",
            field=models.ForeignKey(
                help_text="The declaration as the donor saw it (core/consent.py).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.consentwording",
            ),
        ),
    ]
