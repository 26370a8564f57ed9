"""What publishing does beyond saving: refresh the page cache and the search index.

These are infrastructure reactions, not business rules: whatever changes what the
public sees must make the cached copies go away, and a published page must be
findable by the very next search (Wagtail's own index update is a background
task, which may run a moment later).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.page_cache import clear_page_cache


def _clear(**kwargs) -> None:
    clear_page_cache()


def _clear_on_change(sender, instance, created=False, **kwargs) -> None:
    # A new settings row, site or jurisdiction shows nothing until something
    # published refers to it; Wagtail creates empty settings on first read.
    if not created:
        clear_page_cache()


def _clear_for_page(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        clear_page_cache()


def _index_now(sender, instance, **kwargs) -> None:
    index.insert_or_update_object(instance.specific)


def connect() -> None:
    from .models import Jurisdiction, SiteSettings

    page_published.connect(_clear, dispatch_uid="cms-cache-published")
    page_published.connect(_index_now, dispatch_uid="cms-index-published")
    page_unpublished.connect(_clear, dispatch_uid="cms-cache-unpublished")
    page_slug_changed.connect(_clear, dispatch_uid="cms-cache-slug")
    post_page_move.connect(_clear, dispatch_uid="cms-cache-moved")
    post_delete.connect(_clear_for_page, dispatch_uid="cms-cache-page-deleted")
    for model in (SiteSettings, Site, Jurisdiction):
        post_save.connect(
            _clear_on_change, sender=model, dispatch_uid=f"cms-cache-save-{model.__name__}"
        )
        post_delete.connect(_clear, sender=model, dispatch_uid=f"cms-cache-del-{model.__name__}")
