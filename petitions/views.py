"""Public petition views: sign, confirm, resend, the count as JSON and as a widget, and
the count's hourly history as open data (JSON and CSV).

Views parse input, call a service and render. Every signing outcome (new,
duplicate, flagged, rate-limited, honeypot) ends on the same "check your email"
page, so a bot or a curious visitor learns nothing about who has signed.
"""

from __future__ import annotations

import csv

from csp.decorators import csp_replace
from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page, Site

from core.attribution import (
    attribution_from_address,
    attribution_from_post,
    clean_code,
    new_share_code,
)
from core.page_cache import LOCAL_CACHE, current_generation, mark_cacheable
from core.ratelimits import client_ip
from core.sharing import share_for
from core.signing import LinkExpired, LinkInvalid

from . import history, services
from .counts import lag_seconds, page_cache_seconds, petition_tally, tally_with
from .forms import ResendForm, SignatureForm
from .models import PetitionPage, Status

PAGE_ID_MAX = 2**31 - 1  # Wagtail's page ids are 32-bit


def _petition(petition_id: int) -> PetitionPage:
    """The live petition, from this process's memory while nothing has been published.

    Every signing needs the petition's settings; keeping them per cache generation
    (which publishing renews, see core/page_cache.py) saves a query on each.
    """
    if petition_id > PAGE_ID_MAX:
        # No page has such an id, and SQLite cannot even be asked about it.
        raise Http404("No such petition")
    local = caches[LOCAL_CACHE]
    key = f"petitions:page:{petition_id}:{current_generation()}"
    petition = local.get(key)
    if petition is None:
        # The page and every translation of it in one query: the first is the petition
        # they all sign (PetitionPage.petition_for_signatures).
        group = list(
            PetitionPage.objects.filter(
                translation_key__in=Page.objects.filter(pk=petition_id).values("translation_key")
            ).order_by("pk")
        )
        petition = next((page for page in group if page.pk == petition_id and page.live), None)
        if petition is None:
            raise Http404("No such petition")
        petition._for_signatures = group[0] if group[0].pk != petition.pk else petition
        local.set(key, petition, 60)
    return petition


def _source_url(request: HttpRequest, petition: PetitionPage) -> str:
    """The page the signer signed from: the referring page on this site, else the form."""
    referrer = request.META.get("HTTP_REFERER", "")
    if referrer and url_has_allowed_host_and_scheme(
        referrer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referrer.split("?", 1)[0].split("#", 1)[0]
    # From the request, not core/urls.py: the person goes back to the host they came from.
    # The form posts to its own address, so that is the light form's (no reverse() needed).
    return request.build_absolute_uri(request.path)


@never_cache
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, petition_id: int) -> HttpResponse:
    """The signing form on a light page of its own (for visitors without JavaScript,
    and for errors); the form on the petition page posts here too."""
    petition = _petition(petition_id)

    def page(template: str, **more) -> TemplateResponse:
        # Only pages need their title; an accepted signing is a redirect.
        title = _("Sign: %(title)s") % {"title": petition.title}
        context = {"petition": petition, "page": petition, "title_text": title, **more}
        return TemplateResponse(request, template, context)

    if not petition.is_open():
        return page("petitions/closed.html")
    if request.method == "GET":
        # Uncached, so it may carry where the visitor came from (without JavaScript too).
        return page(
            "petitions/sign.html",
            attribution=attribution_from_address(request),
            form=SignatureForm(petition=petition),
        )

    attribution = attribution_from_post(request)
    form = SignatureForm(request.POST, petition=petition)
    if not form.is_valid():
        return page("petitions/sign.html", attribution=attribution, form=form)
    # Made for every attempt alike (new, repeated, bot, refused): the page after signing
    # shows it, and only a new signature keeps it, so the page reveals nothing.
    share_code = new_share_code()
    if not form.is_bot:
        data = form.cleaned_data
        try:
            services.signature_create(
                petition=petition,
                name=data["name"],
                email=data["email"],
                country=data.get("country", ""),
                postcode=data.get("postcode", ""),
                comment=data.get("comment", ""),
                show_name=data["show_name"],
                wants_updates=data["wants_updates"],
                ip=client_ip(request),
                source_url=_source_url(request, petition),
                attribution=attribution,
                share_code=share_code,
                language=translation.get_language(),
            )
        except services.PetitionClosed:
            return page("petitions/closed.html", attribution=attribution)
    response = redirect(
        "petitions:check_email_share", petition_id=petition.pk, code=share_code, permanent=False
    )
    # A redirect has no document for a policy to govern (the page it leads to carries
    # its own), so the policy is not built for it: a twentieth of a signing's CPU.
    response._csp_exempt = True
    return response


def _share(request: HttpRequest, petition: PetitionPage, code: str = ""):
    """The share step for this petition (components/share.html), with the signer's code."""
    return share_for(
        url=request.build_absolute_uri(petition.url),
        title=petition.title,
        text=_("I signed “%(title)s”. Will you sign too?") % {"title": petition.title},
        code=code,
    )


@require_GET
def check_email(request: HttpRequest, petition_id: int, code: str = "") -> HttpResponse:
    """After signing: check your email, and share. With the signer's referral code in the
    address the page is theirs and never cached; without one it is the same for all."""
    petition = _petition(petition_id)
    if code:
        code = clean_code(code)
        if not code:
            raise Http404("No such code")
    else:
        mark_cacheable(request)
    response = TemplateResponse(
        request,
        "petitions/check_email.html",
        {
            "petition": petition,
            "page": petition,
            "share": _share(request, petition, code) if petition.is_open() else None,
            "title_text": _("Check your email"),
        },
    )
    if code:
        add_never_cache_headers(response)
    return response


def _invalid_link(request: HttpRequest, *, expired: bool, token: str) -> HttpResponse:
    """A clear page (400) for an altered or old link; an old one leads to a fresh link."""
    petition = None
    if expired:
        signature = services.signature_named_by_expired_token(token)
        petition = signature.petition.in_language(translation.get_language()) if signature else None
    return TemplateResponse(
        request,
        "petitions/confirm_invalid.html",
        {
            "expired": expired,
            "petition": petition,
            "link_days": settings.PETITION_CONFIRM_LINK_DAYS,
            "title_text": _("This link does not work"),
        },
        status=400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only its POST confirms (mail scanners open links, people press buttons)."""
    try:
        signature = services.signature_from_token(token)
    except LinkExpired:
        return _invalid_link(request, expired=True, token=token)
    except LinkInvalid:
        return _invalid_link(request, expired=False, token=token)

    # The petition as the visitor reads it: the link is under their language's address.
    petition = signature.petition.in_language(translation.get_language())
    context = {"petition": petition, "page": petition, "signature": signature}
    if signature.status == Status.INVALID:
        return TemplateResponse(
            request,
            "petitions/confirm_invalid.html",
            {
                **context,
                "invalidated": True,
                "title_text": _("This signature cannot be confirmed"),
            },
            status=400,
        )
    if request.method == "POST":
        services.signature_confirm(signature=signature)
    if signature.status == Status.CONFIRMED:
        return TemplateResponse(
            request,
            "petitions/confirmed.html",
            {
                **context,
                # The stored count may not have caught up yet: this signer is in it.
                "tally": tally_with(petition_tally(signature.petition_id), signature),
                "counted": signature.is_counted(include_pending=petition.counts_pending),
                "share": _share(request, petition, signature.share_code)
                if petition.is_open()
                else None,
                "count_lag": lag_seconds(),
                "title_text": _("Thank you"),
            },
        )
    return TemplateResponse(
        request, "petitions/confirm.html", {**context, "title_text": _("Confirm your signature")}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def resend(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Send the confirmation link again. The answer is the same whether or not the
    address has signed."""
    petition = _petition(petition_id)
    context = {
        "petition": petition,
        "page": petition,
        "title_text": _("Resend the confirmation link"),
    }
    form = ResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.signature_resend_confirmation(
            petition=petition, email=form.cleaned_data["email"], ip=client_ip(request)
        )
        return TemplateResponse(request, "petitions/resend.html", {**context, "sent": True})
    return TemplateResponse(request, "petitions/resend.html", {**context, "form": form})


def _shareable_count(response: HttpResponse) -> HttpResponse:
    """Let a CDN serve the count JSON and the widget, which partners' pages load on
    every view: as long as a cached page shows a count (a quarter of the lag, see
    petitions/counts.py), and a little longer while it fetches a fresh one in the
    background (`stale-while-revalidate`), so a busy widget never waits on the site."""
    seconds = page_cache_seconds()
    patch_cache_control(
        response,
        public=True,
        max_age=seconds,
        s_maxage=seconds,
        stale_while_revalidate=settings.PETITION_COUNT_STALE_SECONDS,
    )
    return response


def _asked_language(request: HttpRequest) -> str | None:
    """The language a partner's page asks the count or widget for (`?lang=es`): one the
    site offers, else None (the address's own language; English for an unknown one)."""
    asked = request.GET.get("lang", "").strip().lower()
    offered = {code.lower(): code for code, _ in settings.LANGUAGES}
    if asked in offered:
        return offered[asked]
    # "en" asks for the default English, as "es-ES" asks for Spanish.
    asked = asked.split("-", 1)[0]
    return next((code for key, code in offered.items() if key.split("-", 1)[0] == asked), None)


def _in_asked_language(request: HttpRequest, petition: PetitionPage):
    """The language to answer in and the petition as shown in it."""
    language = _asked_language(request)
    if language is None:
        return translation.get_language(), petition
    return language, petition.in_language(language)


@require_GET
def count(request: HttpRequest, petition_id: int) -> JsonResponse:
    """The count for partners' pages and the petition page's own script. Every
    translation of a petition answers with the one count they share; `?lang=` names
    the translation whose title and address it gives."""
    language, petition = _in_asked_language(request, _petition(petition_id))
    tally = petition.tally()
    mark_cacheable(request, seconds=page_cache_seconds(), query_params=["lang"])
    # Absolute links here come from the request (the host this site answered on), as
    # every page's do; core/urls.py's site_url is for emails and tasks, which have none.
    response = JsonResponse(
        {
            "petition": petition.title,
            "url": request.build_absolute_uri(petition.url),
            "language": language,
            "count": tally.total,
            "goal": petition.goal,
            "percent": tally.percent_of(petition.goal),
            "counts": petition.count_mode,
            "updated": tally.computed_at.isoformat() if tally.computed_at else None,
            "by_country": tally.by_country,
            # Of the count, signatures collected before this site (not in by_country
            # when they were recorded as a number, since nobody knows their countries).
            "earlier": tally.earlier,
            "open": petition.is_open(),
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return _shareable_count(response)


@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def widget(request: HttpRequest, petition_id: int) -> HttpResponse:
    """The count and a link to sign, for partners to embed in an iframe.

    It sets no cookies and loads nothing from anyone else, and may be framed by any
    site (the rest of the site may not be). Its words are in the address's language,
    or the one `?lang=` asks for (an unknown one gives English), and it links to the
    petition in that language; the count is the one all translations share.
    """
    language, petition = _in_asked_language(request, _petition(petition_id))
    mark_cacheable(request, seconds=page_cache_seconds(), query_params=["size", "lang"])
    compact = request.GET.get("size") == "compact"
    response = TemplateResponse(
        request,
        "petitions/widget.html",
        {
            "petition": petition,
            "petition_url": request.build_absolute_uri(petition.url),
            "tally": petition.tally(),
            "compact": compact,
        },
    )
    with translation.override(language):
        response.render()
    return _shareable_count(response)


def _open_data(
    request: HttpRequest, response: HttpResponse, petition: PetitionPage
) -> HttpResponse:
    """History changes once an hour: a CDN keeps it until the next snapshot purges it
    (cms/purge.py, PAGE_CACHE_SECONDS at most), browsers a few minutes; any site may
    fetch it, and the licence is in a `Link` header as well as the document."""
    seconds = settings.PAGE_CACHE_SECONDS
    mark_cacheable(request, seconds=seconds)
    patch_cache_control(
        response,
        public=True,
        max_age=min(300, seconds),
        s_maxage=seconds,
        stale_while_revalidate=settings.PETITION_COUNT_STALE_SECONDS,
    )
    response["Access-Control-Allow-Origin"] = "*"
    licence = history.licence()
    links = [f'<{request.build_absolute_uri(petition.history_json_url())}>; rel="describedby"']
    if licence["url"]:
        title = licence["name"].replace('"', "")
        links.insert(0, f'<{licence["url"]}>; rel="license"; title="{title}"')
    response["Link"] = ", ".join(links)
    return response


def _attribution(request: HttpRequest) -> str:
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or request.get_host()


@require_GET
def history_json(request: HttpRequest, petition_id: int) -> JsonResponse:
    """The petition's count at each hour (total and by country), with its licence."""
    petition = _petition(petition_id)
    document = history.history_document(
        petition,
        url=request.build_absolute_uri(petition.url),
        csv_url=request.build_absolute_uri(petition.history_csv_url()),
        attribution=_attribution(request),
    )
    return _open_data(request, JsonResponse(document), petition)


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def history_csv(request: HttpRequest, petition_id: int) -> HttpResponse:
    """The same hours as one CSV table: a header row, then one row per hour. The
    licence is named in the `Link` header and in history.json, so the file itself
    stays a plain table any tool reads."""
    petition = _petition(petition_id)
    writer = csv.writer(_Echo())
    rows = list(history.history_csv_rows(petition.petition_for_signatures().pk))
    response = HttpResponse(
        "".join(writer.writerow(row) for row in rows),
        content_type="text/csv; charset=utf-8; header=present",
    )
    response["Content-Disposition"] = f'inline; filename="petition-{petition.pk}-count-history.csv"'
    return _open_data(request, response, petition)
