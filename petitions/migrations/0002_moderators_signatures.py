"""Give Wagtail's Moderators group the right to watch signatures and decide on flagged ones.

"view signature" reads the petitions' lists, reports and CSV exports; "change
signature" also invalidates and accepts flagged signatures in bulk (see
petitions/admin/permissions.py). The group is created by wagtailcore 0002; a site
that has deleted it gets nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_signature", "change_signature"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    app_config = apps.get_app_config("petitions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is None:
        return
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="petitions", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.remove(
            *Permission.objects.filter(content_type__app_label="petitions", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Creates the Moderators group.
        ("wagtailcore", "0002_initial_data"),
        # Creates the "access admin" permission the group's members sign in with.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
