from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .models import Organisation


def _account_link(request) -> dict:
    """The footer's link for organisations: back to their listing when signed in as one,
    else to sign in. Looked up only when a template shows it."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if Organisation.objects.for_contact(user).exists():
            return {"url": reverse("supporters:account"), "label": _("Your organisation’s listing")}
        return {}
    return {"url": reverse("account_login"), "label": _("Supporting organisations: sign in")}


def account_link(request):
    """`account_link` ({"url", "label"}) for base.html's footer."""
    return {"account_link": SimpleLazyObject(lambda: _account_link(request))}
