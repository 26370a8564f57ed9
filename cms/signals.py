"""What publishing does beyond saving: refresh the caches and the search index.

These are infrastructure reactions, not business rules: whatever changes what the
public sees must make the cached copies go away, ours (core/page_cache.py, all at
once) and the CDN's in front of the site (cms/purge.py, address by address), and a
published page must be findable by the very next search (Wagtail's own index
update is a background task, which may run a moment later).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.page_cache import clear_page_cache

from . import purge


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


# --- The CDN: Wagtail's handlers purge a page's own addresses on publish and
# unpublish; these purge everything else that shows it.


def _purge_published(sender, instance, revision=None, **kwargs) -> None:
    if not purge.is_configured():
        return
    purge.page_changed(instance, own_addresses=False, was_in_menu=_was_in_menu(revision))


def _was_in_menu(revision) -> bool:
    """Whether the revision before this one was shown in menus (taken out of the menu
    now, it still leaves every page's header)."""
    if revision is None:
        return False
    try:
        previous = revision.get_previous()
    except type(revision).DoesNotExist:  # its first revision
        return False
    return bool(previous.content.get("show_in_menus"))


def _purge_unpublished(sender, instance, **kwargs) -> None:
    purge.page_changed(instance, own_addresses=False, address_changed=True)


def _purge_slug_changed(sender, instance, instance_before, **kwargs) -> None:
    purge.page_changed(instance, old_url_path=instance_before.url_path, address_changed=True)


def _purge_moved(sender, instance, parent_page_before, parent_page_after, **kwargs) -> None:
    if kwargs["url_path_before"] == kwargs["url_path_after"]:
        return  # reordered among its siblings: only the menu's order may change
    purge.page_changed(instance, old_url_path=kwargs["url_path_before"], address_changed=True)
    purge.purge_pages([parent_page_before])


def _purge_deleted(sender, instance, **kwargs) -> None:
    # Deleting a page deletes its row in Page and in its own model, each with a
    # signal: purge once, with the specific page, which knows its own paths.
    if isinstance(instance, Page) and type(instance) is not Page:
        purge.page_changed(instance, address_changed=True)


def _purge_site(sender, instance, created=False, **kwargs) -> None:
    if not created:
        purge.site_changed()


def _purge_jurisdiction(sender, instance, created=False, **kwargs) -> None:
    if not created:  # a new one shows nowhere until news is filed under it
        purge.jurisdiction_changed(instance)


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

    page_published.connect(_purge_published, dispatch_uid="cms-purge-published")
    page_unpublished.connect(_purge_unpublished, dispatch_uid="cms-purge-unpublished")
    page_slug_changed.connect(_purge_slug_changed, dispatch_uid="cms-purge-slug")
    post_page_move.connect(_purge_moved, dispatch_uid="cms-purge-moved")
    post_delete.connect(_purge_deleted, dispatch_uid="cms-purge-page-deleted")
    for model in (SiteSettings, Site):
        post_save.connect(_purge_site, sender=model, dispatch_uid=f"cms-purge-{model.__name__}")
        post_delete.connect(
            _purge_site, sender=model, dispatch_uid=f"cms-purge-del-{model.__name__}"
        )
    post_save.connect(_purge_jurisdiction, sender=Jurisdiction, dispatch_uid="cms-purge-jur")
    post_delete.connect(_purge_jurisdiction, sender=Jurisdiction, dispatch_uid="cms-purge-jur-del")
