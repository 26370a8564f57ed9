"""Every consent row's version and text become a wording in core's store.

A row that came from a petition (source "petition:<slug>") is the updates opt-in
ticked there, so it joins that purpose's wordings (the petition's own signatures
point at the same one); any other row is a sign-up through the updates form. A row
whose text was left empty gets the text its version label stood for in
updates/consent.py (kept here as it was, since that file no longer has labels).
Each new wording keeps the row's label. Reversible: going back copies the label and
text into the old fields.
"""

from django.db import migrations
from django.db.models import Min

from core.consent import wording_carried

SIGNUP = "updates_signup"
FROM_PETITION = "petition_updates"

#: updates/consent.py's CONSENT_TEXT under each CONSENT_VERSION it has had.
KNOWN_TEXTS = {
    "updates-2026-11": (
        "Yes, email me updates about the campaign. I can unsubscribe at any time with the "
        "link in every email. The emails are sent through Mailchimp, which first asks me "
        "to confirm my address."
    ),
}


def carry(apps, schema_editor):
    Consent = apps.get_model("updates", "Consent")
    ConsentWording = apps.get_model("core", "ConsentWording")
    for from_petition, purpose in ((True, FROM_PETITION), (False, SIGNUP)):
        rows = Consent.objects.filter(wording__isnull=True)
        rows = (
            rows.filter(source__startswith="petition:")
            if from_petition
            else rows.exclude(source__startswith="petition:")
        )
        versions = rows.values("version", "text").annotate(first=Min("consented_at"))
        for row in versions.order_by("first"):
            wording = wording_carried(
                ConsentWording,
                purpose=purpose,
                text=row["text"] or KNOWN_TEXTS.get(row["version"], ""),
                version=row["version"],
                first_used_at=row["first"],
            )
            rows.filter(version=row["version"], text=row["text"]).update(wording=wording)


def carry_back(apps, schema_editor):
    Consent = apps.get_model("updates", "Consent")
    ConsentWording = apps.get_model("core", "ConsentWording")
    for wording in ConsentWording.objects.filter(purpose__in=[SIGNUP, FROM_PETITION]):
        Consent.objects.filter(wording=wording).update(
            version=wording.version[:50], text=wording.text
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_consent_wording"),
        ("updates", "0005_consent_wording"),
    ]

    operations = [migrations.RunPython(carry, carry_back)]
