"""The tracker's open data: the league table and each sponsor's trials as JSON and CSV.

They sit under the tracker page's address (/trials/league.json) but are plain views:
Wagtail's page addresses cannot end in `.json`. Each finds the live tracker page of
the site and language it is asked under, reads the same filters as the page, and
carries the data timestamp, the rule set and the licence: in the JSON document's
`meta`, and for the CSV in HTTP headers (`Link: <licence>; rel="license"`,
`X-Licence`, `X-Data-Timestamp`, `X-Rule-Set`, `X-Sample-Data`), so the file itself
stays a plain table any tool reads; each CSV row also says whether it is sample data.
CSV is streamed, and every cell a spreadsheet would run as a formula is defused.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from core.page_cache import mark_cacheable
from core.spreadsheets import defuse_formula

from . import selectors
from .models import Sponsor, TrackerPage

LEAGUE_PARAMS = ("rules", "class", "sort")
SPONSOR_PARAMS = ("rules", "status")
CSV_ROWS_PER_CHUNK = 500


def _tracker(request: HttpRequest, page_path: str) -> TrackerPage:
    """The live tracker page at `page_path` under the site's home in the request's language."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site")
    home = site.root_page.localized
    tracker = TrackerPage.objects.live().public().filter(url_path=home.url_path + page_path).first()
    if tracker is None:
        raise Http404("No tracker here")
    return tracker


def _meta(request, tracker: TrackerPage, filters: selectors.Filters, *, sample: bool, **more):
    return {
        "title": tracker.title,
        "url": request.build_absolute_uri(tracker.get_url(request) or "/"),
        "data_timestamp": selectors.iso_moment(selectors.data_timestamp()),
        "rule_set": selectors.rule_set_meta(filters.rule_set, filters.rule_set_key),
        "licence": selectors.licence(),
        "sample": sample,
        "notices": list(filters.notices),
        **more,
    }


def _open_data(request: HttpRequest, response: HttpResponse, params: Iterable[str]):
    """Cached like a page (keyed on the filters it reads) and open to any site."""
    mark_cacheable(request, query_params=params)
    response["Access-Control-Allow-Origin"] = "*"
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(columns: list[str], rows: Iterator[dict]) -> Iterator[str]:
    writer = csv.DictWriter(_Echo(), fieldnames=columns)
    batch = [writer.writerow({column: column for column in columns})]
    for row in rows:
        batch.append(
            writer.writerow(
                {
                    column: defuse_formula(
                        ("true" if row[column] else "false")
                        if isinstance(row[column], bool)
                        else ("" if row[column] is None else row[column])
                    )
                    for column in columns
                }
            )
        )
        if len(batch) >= CSV_ROWS_PER_CHUNK:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _csv_response(
    request, tracker: TrackerPage, meta: dict, lines: Iterator[str], *, filename: str, json_url: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8; header=present")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    licence = meta["licence"]
    links = [f'<{request.build_absolute_uri(json_url)}>; rel="describedby"']
    if licence["url"]:
        links.insert(0, f'<{licence["url"]}>; rel="license"')
    response["Link"] = ", ".join(links)
    response["X-Licence"] = licence["text"]
    response["X-Data-Timestamp"] = meta["data_timestamp"] or ""
    response["X-Rule-Set"] = meta["rule_set"]["key"]
    response["X-Sample-Data"] = "true" if meta["sample"] else "false"
    return response


@require_GET
def league_export(request: HttpRequest, page_path: str, fmt: str) -> HttpResponse:
    """Every sponsor the league shows under these filters (all pages), with its counts."""
    tracker = _tracker(request, page_path)
    filters = selectors.read_filters(request.GET)
    minimum = tracker.minimum_due()
    meta = _meta(
        request,
        tracker,
        filters,
        sample=selectors.league_has_sample(filters, minimum_due=minimum),
        minimum_due_trials=minimum,
        sponsor_class=filters.sponsor_class or None,
        sort=filters.sort,
    )
    rows = selectors.league_export_rows(filters, minimum_due=minimum)
    if fmt == "json":
        response = JsonResponse({"meta": meta, "sponsors": list(rows)})
    else:
        response = _csv_response(
            request,
            tracker,
            meta,
            _csv_lines(selectors.LEAGUE_COLUMNS, rows),
            filename=f"trial-reporting-league-{filters.rule_set_key}.csv",
            json_url=tracker.league_export_url("json", request),
        )
    return _open_data(request, response, LEAGUE_PARAMS)


@require_GET
def sponsor_export(request: HttpRequest, page_path: str, slug: str, fmt: str) -> HttpResponse:
    """One sponsor's trials and their status under the chosen rule set."""
    tracker = _tracker(request, page_path)
    sponsor = Sponsor.objects.filter(slug=slug).first()
    if sponsor is None:
        raise Http404("No such sponsor")
    filters = selectors.read_filters(request.GET, statuses=True)
    records = {record.rule_set: record for record in selectors.sponsor_records(sponsor)}
    record = records.get(filters.rule_set_key)
    meta = _meta(
        request,
        tracker,
        filters,
        sample=selectors.sponsor_has_sample(sponsor),
        sponsor={
            "name": sponsor.name,
            "slug": sponsor.slug,
            "sponsor_class": sponsor.sponsor_class,
            "url": request.build_absolute_uri(tracker.sponsor_url(sponsor.slug, request)),
        },
        status=filters.status or None,
        counts=None
        if record is None
        else {
            "due": record.due,
            "reported": record.reported,
            "overdue": record.overdue,
            "percent_reported": None
            if record.percent_reported is None
            else float(record.percent_reported),
            "computed_on": record.computed_on.isoformat(),
        },
    )
    rows = selectors.sponsor_export_rows(sponsor, filters)
    if fmt == "json":
        response = JsonResponse({"meta": meta, "trials": list(rows)})
    else:
        response = _csv_response(
            request,
            tracker,
            meta,
            _csv_lines(selectors.SPONSOR_COLUMNS, rows),
            filename=f"{sponsor.slug}-trials-{filters.rule_set_key}.csv",
            json_url=tracker.sponsor_export_url(sponsor.slug, "json", request),
        )
    return _open_data(request, response, SPONSOR_PARAMS)
