"""Loading the demo without indexing each object as it is saved.

Every save of a searchable object (pages, organisations) queues an update of the search
index, and every save of a model with references an update of Wagtail's reference index
(what the admin's "usage" shows). The demo saves some 500 objects, most of them more
than once: indexing each save took a third of the load. Both indexes are rebuilt once
at the end instead, from the rows as they then are, which is what per-save updates
would have left.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db.models.signals import post_delete, post_save
from modelsearch import index, signal_handlers
from wagtail.signal_handlers import disable_reference_index_auto_update


def _auto_updated_models():
    return [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]


@contextmanager
def indexes_rebuilt_after() -> Iterator[None]:
    """Saves inside update neither index; both are rebuilt once when the block ends
    (also when it fails, so what it did save is searchable)."""
    models = _auto_updated_models()
    # modelsearch offers no switch, so its receivers are disconnected for the block
    # and connected again after (connecting is idempotent).
    for model in models:
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(signal_handlers.post_delete_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        signal_handlers.register_signal_handlers()
        call_command("rebuild_references_index", verbosity=0)
        call_command("wagtail_update_index", verbosity=0)
