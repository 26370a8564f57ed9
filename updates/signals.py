"""Interests are listed on every sign-up form, and a form can be on any page (a page
body's sign-up block): a change to them is a change to the whole site's cached pages."""

from django.db.models.signals import post_delete, post_save

from cms import purge
from core.page_cache import clear_page_cache


def _interests_changed(**kwargs) -> None:
    clear_page_cache()
    purge.site_changed()


def connect() -> None:
    from .models import Interest

    post_save.connect(_interests_changed, sender=Interest, dispatch_uid="updates-interest-saved")
    post_delete.connect(
        _interests_changed, sender=Interest, dispatch_uid="updates-interest-deleted"
    )
