"""Background work of the site's pages."""

from django_tasks import task

from core.tasks import DEFAULT


@task(queue_name=DEFAULT)
def purge_site_task() -> None:
    """Purge every live page from the CDN (cms/purge.py): listing them all takes longer
    than a settings form should wait. Safe to run twice: a purge forgets, nothing more."""
    from .purge import purge_site

    purge_site()
