"""Site text: the tagline and footer text per site and language, which editors translate."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_jurisdiction_translatable"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sitesettings",
            name="footer_text",
            field=models.TextField(
                blank=True,
                help_text="Shown at the foot of every page, unless the site has Site text "
                "(Snippets), which editors translate.",
            ),
        ),
        migrations.AlterField(
            model_name="sitesettings",
            name="tagline",
            field=models.CharField(
                blank=True,
                help_text="A short line under the site name, and the description of pages that "
                "have none. Once the site has Site text (Snippets), that is used instead, in "
                "each language.",
                max_length=160,
            ),
        ),
        migrations.CreateModel(
            name="SiteText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                (
                    "tagline",
                    models.CharField(
                        blank=True,
                        help_text="A short line under the site name, and the description of "
                        "pages that have none.",
                        max_length=160,
                    ),
                ),
                (
                    "footer_text",
                    models.TextField(blank=True, help_text="Shown at the foot of every page."),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.site",
                    ),
                ),
            ],
            options={
                "verbose_name": "site text",
                "verbose_name_plural": "site text",
                "abstract": False,
                "unique_together": {("site", "locale"), ("translation_key", "locale")},
            },
        ),
    ]
