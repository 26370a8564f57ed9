"""The approved list as JSON, for partners who show or check it on their own sites.

GET /supporters/organisations.json, optionally filtered like the public page
(`?country=GB&category=journal`). Only approved listings, with their approved
values (changes waiting for a moderator are not shown), in the page's A-Z
order. The response goes into the whole-page cache, which every change to the
public list clears (see supporters/services.py).
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_countries import countries

from core.page_cache import cacheable

from .models import Category, Organisation, SupportersIndexPage

CATEGORY_NAMES = dict(Category.choices)


def _error(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_GET
@cacheable(query_params=["country", "category"])
def organisations_json(request: HttpRequest) -> JsonResponse:
    organisations = Organisation.objects.approved()

    country = request.GET.get("country", "").strip().upper()
    if country:
        if country not in countries:
            return _error("country must be a two-letter ISO 3166 code, such as GB.")
        organisations = organisations.filter(country=country)
    category = request.GET.get("category", "").strip()
    if category:
        if category not in CATEGORY_NAMES:
            return _error(f"category must be one of: {', '.join(CATEGORY_NAMES)}.")
        organisations = organisations.filter(category=category)

    # Plain tuples, not model instances: ten thousand rows stay one query. Names of
    # countries are translated strings, worth looking up once per country, not per row.
    rows = list(
        SupportersIndexPage.a_to_z(organisations).values_list(
            "name", "country", "category", "website", "approved_at"
        )
    )
    country_names = {code: str(countries.name(code)) for code in {row[1] for row in rows} if code}
    local = timezone.get_current_timezone()
    listing = [
        {
            "name": name,
            "country": country_code or None,
            "country_name": country_names.get(country_code),
            "category": category_code or None,
            "category_name": CATEGORY_NAMES.get(category_code),
            "website": website or None,
            "approved_at": approved_at.astimezone(local).date().isoformat()
            if approved_at
            else None,
        }
        for name, country_code, category_code, website, approved_at in rows
    ]
    response = JsonResponse(
        {"count": len(listing), "organisations": listing},
        json_dumps_params={"ensure_ascii": False},
    )
    # Public data: partners may fetch it from a browser on their own site.
    response["Access-Control-Allow-Origin"] = "*"
    return response
