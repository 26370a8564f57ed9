"""What publishing a petition does to its count.

The count is stored (petitions/counts.py) and reads the petition's settings only
when it is refreshed. Publishing may change what it is made of (which signatures
count, the number of signatures collected before this site, whether those are
included), so a published petition's count is refreshed after the commit.
"""

from django.db import transaction
from wagtail.signals import page_published


def _published(sender, instance, **kwargs) -> None:
    from .counts import petition_count_changed

    petition_id = instance.pk
    transaction.on_commit(lambda: petition_count_changed(petition_id))


def connect() -> None:
    from .models import PetitionPage

    page_published.connect(
        _published, sender=PetitionPage, dispatch_uid="petitions-count-published"
    )
