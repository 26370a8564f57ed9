"""Every Gift Aid declaration's wording becomes a wording in core's store.

A declaration kept the text its donor saw, charity's name filled in; that text is
carried as it is, under the declaration's version label ("2026-1"). A declaration
whose text was left empty gets its version's wording from the texts below (as
donations/giftaid.py had them), filled in with its page's charity name, or the
site's name, as the donate page does. Reversible: going back copies the label and
text into the old fields.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Min

from core.consent import wording_carried

PURPOSE = "gift_aid_declaration"

#: donations/giftaid.py's DECLARATION_TEXTS as they were when this migration was written.
DECLARATION_TEXTS = {
    "2026-1": (
        "I am a UK taxpayer. I want {charity} to treat this donation, any donation I make "
        "in the future and any donation I have made in the past four years as a Gift Aid "
        "donation. I understand that if I pay less Income Tax and/or Capital Gains Tax in a "
        "tax year than the Gift Aid claimed on all my donations in that year, it is my "
        "responsibility to pay the difference."
    ),
}


def _text_as_seen(apps, declaration) -> str:
    page = declaration.donation.page
    charity = page.charity_name if page is not None else ""
    if not charity:
        site = apps.get_model("wagtailcore", "Site").objects.filter(is_default_site=True).first()
        charity = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    template = DECLARATION_TEXTS.get(declaration.declaration_version, "")
    return template.format(charity=charity)


def carry(apps, schema_editor):
    ConsentWording = apps.get_model("core", "ConsentWording")
    GiftAidDeclaration = apps.get_model("donations", "GiftAidDeclaration")
    kept = GiftAidDeclaration.objects.filter(wording__isnull=True).exclude(declaration_text="")
    groups = kept.values("declaration_version", "declaration_text").annotate(
        first=Min("declared_at")
    )
    for group in groups.order_by("first"):
        wording = wording_carried(
            ConsentWording,
            purpose=PURPOSE,
            text=group["declaration_text"],
            version=group["declaration_version"],
            first_used_at=group["first"],
        )
        kept.filter(
            declaration_version=group["declaration_version"],
            declaration_text=group["declaration_text"],
        ).update(wording=wording)
    untold = GiftAidDeclaration.objects.filter(wording__isnull=True, declaration_text="")
    for declaration in untold.select_related("donation__page"):
        wording = wording_carried(
            ConsentWording,
            purpose=PURPOSE,
            text=_text_as_seen(apps, declaration),
            version=declaration.declaration_version,
            first_used_at=declaration.declared_at,
        )
        GiftAidDeclaration.objects.filter(pk=declaration.pk).update(wording=wording)


def carry_back(apps, schema_editor):
    ConsentWording = apps.get_model("core", "ConsentWording")
    GiftAidDeclaration = apps.get_model("donations", "GiftAidDeclaration")
    for wording in ConsentWording.objects.filter(purpose=PURPOSE):
        GiftAidDeclaration.objects.filter(wording=wording).update(
            declaration_version=wording.version[:20], declaration_text=wording.text
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_consent_wording"),
        ("donations", "0007_gift_aid_wording"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(carry, carry_back)]
