"""Give Wagtail's Moderators group the right to view and decide on organisations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    app_config = apps.get_app_config("supporters")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is None:
        return
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="supporters",
            codename__in=["view_organisation", "change_organisation"],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="supporters",
                codename__in=["view_organisation", "change_organisation"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("supporters", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
