"""Every ConsentText becomes a wording in core's store, and every signature points at it.

A text is carried under its purpose: the signing statement when signatures agreed to
it, the updates opt-in when signers ticked it for updates (both, if one text was
used for both), and, for a text no signature uses, the updates opt-in if it is a
petition's updates label, else the signing statement. Labels stay the same (the
hash versions), so exports read as before. Reversible: going back writes the labels
into the old fields and the texts into ConsentText again.
"""

from django.db import migrations
from django.db.models import Min

from core.consent import wording_carried

SIGNING = "petition_signature"
UPDATES = "petition_updates"


def carry(apps, schema_editor):
    ConsentText = apps.get_model("petitions", "ConsentText")
    ConsentWording = apps.get_model("core", "ConsentWording")
    PetitionPage = apps.get_model("petitions", "PetitionPage")
    Signature = apps.get_model("petitions", "Signature")
    texts = {row.version: row for row in ConsentText.objects.all()}

    def wording(purpose, version, first_signed):
        known = texts.get(version)
        return wording_carried(
            ConsentWording,
            purpose=purpose,
            text=known.text if known else "",
            version=version,
            first_used_at=min(d for d in (known and known.first_used_at, first_signed) if d),
        )

    used = set()
    for field, target, purpose in (
        ("consent_version", "consent", SIGNING),
        ("updates_consent_version", "updates_consent", UPDATES),
    ):
        versions = (
            Signature.objects.exclude(**{field: ""})
            .values(field)
            .annotate(first=Min("created_at"))
            .order_by(field)
        )
        for row in versions:
            version = row[field]
            used.add(version)
            carried = wording(purpose, version, row["first"])
            Signature.objects.filter(**{field: version}).update(**{target: carried})

    updates_labels = {text.strip() for text in PetitionPage.objects.values_list("updates_text", flat=True)}
    for version, known in texts.items():
        if version not in used:
            purpose = UPDATES if known.text.strip() in updates_labels else SIGNING
            wording(purpose, version, None)


def carry_back(apps, schema_editor):
    ConsentText = apps.get_model("petitions", "ConsentText")
    ConsentWording = apps.get_model("core", "ConsentWording")
    Signature = apps.get_model("petitions", "Signature")
    for wording in ConsentWording.objects.filter(purpose__in=[SIGNING, UPDATES]):
        ConsentText.objects.get_or_create(
            version=wording.version,
            defaults={"text": wording.text, "first_used_at": wording.first_used_at},
        )
        Signature.objects.filter(consent=wording).update(consent_version=wording.version)
        Signature.objects.filter(updates_consent=wording).update(
            updates_consent_version=wording.version
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_consent_wording"),
        ("petitions", "0005_signature_consent_wordings"),
    ]

    operations = [migrations.RunPython(carry, carry_back)]
