"""Jurisdictions become translatable: each existing row is the original, in the default language.

The new columns are added empty, filled row by row (the default locale, a fresh
translation key each), and only then made required and unique per language.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.translatable


def originals_in_default_locale(apps, schema_editor):
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore", "Locale")
    Jurisdiction = apps.get_model("cms", "Jurisdiction")
    rows = Jurisdiction.objects.filter(locale__isnull=True)
    if not rows.exists():
        return
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    for row in rows:
        row.locale = locale
        row.translation_key = uuid.uuid4()
        row.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_menu_title"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="jurisdiction",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="jurisdiction",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(originals_in_default_locale, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="jurisdiction",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="jurisdiction",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="jurisdiction",
            name="name",
            field=models.CharField(max_length=80),
        ),
        migrations.AlterField(
            model_name="jurisdiction",
            name="slug",
            field=models.SlugField(
                help_text="Used in addresses, e.g. 'uk' gives /news/?jurisdiction=uk.",
                max_length=40,
            ),
        ),
        migrations.AlterUniqueTogether(
            name="jurisdiction",
            unique_together={("name", "locale"), ("slug", "locale"), ("translation_key", "locale")},
        ),
        migrations.AlterField(
            model_name="newspage",
            name="jurisdiction",
            field=models.ForeignKey(
                limit_choices_to=core.translatable.in_default_language,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="news_items",
                to="cms.jurisdiction",
            ),
        ),
    ]
