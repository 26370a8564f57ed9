"""The interests offered out of the box: UK, EU, USA and Global news.

Editors map each to its Mailchimp interest id (Updates > Interests) and may add,
rename or retire them.
"""

from django.db import migrations

DEFAULTS = [("uk", "UK news"), ("eu", "EU news"), ("usa", "USA news"), ("global", "Global news")]


def add_defaults(apps, schema_editor):
    Interest = apps.get_model("updates", "Interest")
    for order, (slug, name) in enumerate(DEFAULTS):
        Interest.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("updates", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
