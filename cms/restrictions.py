"""Wagtail's password forms for private pages and document collections, made safe to post.

After a correct password Wagtail redirects to the form's hidden `return_url` with
Django's `redirect()`, which reads any value without a slash or a dot ("0",
"account_login") as the name of a view: one it cannot find answered 500, and one
it can sent the visitor somewhere unrelated. These wrappers replace such a value
with the protected page (or the home page, for documents) before Wagtail reads it.
"""

from __future__ import annotations

from functools import wraps

from django.shortcuts import get_object_or_404
from wagtail.documents.views.serve import authenticate_with_password as document_password
from wagtail.models import Page
from wagtail.views import authenticate_with_password as page_password


def _is_address(value: str) -> bool:
    return "/" in value


def _with_return_address(view, fallback):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not _is_address(request.POST.get("return_url", "")):
            request.POST = request.POST.copy()
            request.POST["return_url"] = fallback(*args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapper


def _page_url(page_view_restriction_id: int, page_id: int) -> str:
    return get_object_or_404(Page, id=page_id).url or "/"


authenticate_with_page_password = _with_return_address(page_password, _page_url)
authenticate_with_document_password = _with_return_address(
    document_password, lambda restriction_id: "/"
)
