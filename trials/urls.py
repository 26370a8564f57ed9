"""The tracker's open data, under the tracker page's own address (see trials/views.py).

`page_path` is the tracker page's path under the home page ("trials/"), so the files
follow the page wherever editors put it. The sponsor's pattern comes first: a sponsor
whose slug is "league" must not be read as the league.
"""

from django.urls import re_path

from . import views

app_name = "trials"

PAGE_PATH = r"(?P<page_path>(?:[\w-]+/)+)"

urlpatterns = [
    re_path(
        rf"^{PAGE_PATH}sponsors/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<fmt>json|csv)$",
        views.sponsor_export,
        name="sponsor_export",
    ),
    re_path(rf"^{PAGE_PATH}league\.(?P<fmt>json|csv)$", views.league_export, name="league_export"),
]
