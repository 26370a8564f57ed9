"""Every page of the admin answers a superuser, whatever state the data is in.

The crawl finds the pages itself. It asks Django's URL resolver for every admin
address the project registers (each viewset, snippet and custom view in the apps'
`wagtail_hooks.py`), adds the project's bulk actions, settings and the edit, add
and history pages of its page types, and opens each one for every object there is;
then it follows each page's links to other project pages and submits each
listing's search and filters one choice at a time (downloads included). A
registered address it cannot build or never reaches fails the test, so a new
admin page is crawled as soon as it is registered.

The data holds every state the models can be in (checked against their choices),
so a page that breaks on one kind of row (a donation without Gift Aid, a
signature erased on request, a listing with changes waiting) is found.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from wagtail.models import Page, Site

from tests import factories
from tests.trials import factories as trials_factories

pytestmark = pytest.mark.django_db

#: Far more than the crawl needs today; past it the crawl is exploring something unbounded.
MAX_REQUESTS = 3000

#: Where the crawl starts: the addresses it builds from what the project registers.
REGISTERED = "(registered)"

#: Pages that answer with a redirect on purpose, and where it leads (a route name).
REDIRECTS_BY_DESIGN = {
    # Signatures are never edited by hand: an old edit link opens the details instead.
    "petitions_signature:edit": "petitions_signature:inspect",
}

#: Pages about one object that say the same whatever the object's state: opened for
#: the first few objects only, which keeps the crawl quick.
SAME_FOR_EVERY_OBJECT = ("history", "history_results", "usage", "chosen", "copy")
FEW = 2

#: How many options of a drop-down list the crawl chooses (radio buttons: every one).
SELECT_OPTIONS = 5


# --- What the project registers in the admin ----------------------------------------------


def _project_packages() -> set[str]:
    """The top-level packages of the project's own apps (not those installed from PyPI)."""
    base = Path(settings.BASE_DIR).resolve()
    packages = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            packages.add(config.name.split(".")[0])
    return packages


def _is_project_code(thing: Any, packages: set[str]) -> bool:
    return (getattr(thing, "__module__", "") or "").split(".")[0] in packages


def _is_project_model(model: type[models.Model] | None, packages: set[str]) -> bool:
    return model is not None and _is_project_code(model, packages)


@dataclass(eq=False)
class Route:
    """One admin address pattern: its name, the view behind it and the model it is about."""

    name: str
    pattern: str
    kwargs: tuple[str, ...]
    view: Any
    initkwargs: dict
    model: type[models.Model] | None

    @property
    def action(self) -> str:
        return self.name.rsplit(":", 1)[-1]


def _viewset_models(packages: set[str]) -> dict[str, type[models.Model] | None]:
    """The URL namespace of every viewset the project registers (and of the choosers Wagtail
    makes for the project's snippets), with the model each one shows."""
    from django.core.exceptions import ImproperlyConfigured
    from wagtail.admin.viewsets import viewsets

    namespaces = {}
    for viewset in viewsets.viewsets:
        try:
            namespace = viewset.url_namespace
        except ImproperlyConfigured:  # Wagtail's own page viewsets have none
            continue
        model = getattr(viewset, "model", None)
        if _is_project_code(type(viewset), packages) or _is_project_model(model, packages):
            namespaces[namespace] = model
    return namespaces


def _walk(
    patterns: Iterable, prefix: str = "", namespaces: tuple[str, ...] = (), kwargs=()
) -> Iterator[tuple[str, str, tuple[str, ...], URLPattern]]:
    for entry in patterns:
        names = tuple(getattr(entry.pattern, "converters", {}) or ()) or tuple(
            entry.pattern.regex.groupindex
        )
        if isinstance(entry, URLResolver):
            yield from _walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                namespaces + ((entry.namespace,) if entry.namespace else ()),
                kwargs + names,
            )
        elif entry.name:
            yield (
                prefix + str(entry.pattern),
                ":".join((*namespaces, entry.name)),
                (kwargs + names),
                entry,
            )


def project_admin_routes() -> list[Route]:
    """Every admin address pattern that a project app registered."""
    packages = _project_packages()
    patterns = get_resolver().url_patterns  # loading the URLs registers the viewsets
    viewset_models = _viewset_models(packages)
    admin_prefix = reverse("wagtailadmin_home").lstrip("/")
    routes = []
    for pattern, name, kwargs, entry in _walk(patterns):
        if not pattern.startswith(admin_prefix):
            continue
        view = getattr(entry.callback, "view_class", entry.callback)
        namespace = name.rpartition(":")[0]
        if namespace in viewset_models or _is_project_code(view, packages):
            routes.append(
                Route(
                    name=name,
                    pattern=pattern,
                    kwargs=kwargs,
                    view=view,
                    initkwargs=getattr(entry.callback, "view_initkwargs", {}),
                    model=viewset_models.get(namespace) or getattr(view, "model", None),
                )
            )
    return routes


def project_bulk_actions() -> list[tuple[type[models.Model], str]]:
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    packages = _project_packages()
    bulk_action_registry._scan_for_bulk_actions()
    return [
        (apps.get_model(app_label, model_name), action_type)
        for app_label, by_model in bulk_action_registry.actions.items()
        for model_name, by_action in by_model.items()
        for action_type, action_class in by_action.items()
        if _is_project_code(action_class, packages)
    ]


def project_settings_models() -> list[type[models.Model]]:
    from wagtail.contrib.settings.registry import registry

    packages = _project_packages()
    return [model for model in registry if _is_project_model(model, packages)]


def project_page_models() -> list[type[Page]]:
    packages = _project_packages()
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and _is_project_model(model, packages)
    ]


# --- Data in every state ---------------------------------------------------------------------

STATE_FIELD = re.compile(r"(status|state|frequency|mode)$")


def state_values(model: type[models.Model]) -> dict[str, set]:
    """The states a model's rows can be in: each choice of its status-like fields, and
    both values of each yes/no field."""
    states = {}
    for model_field in model._meta.get_fields():
        if not getattr(model_field, "concrete", False) or model_field.auto_created:
            continue
        if model_field.choices and STATE_FIELD.search(model_field.name):
            states[model_field.name] = {value for value, _ in model_field.flatchoices}
        elif isinstance(model_field, models.BooleanField):
            states[model_field.name] = {True, False}
    return states


def _missing_states(model: type[models.Model]) -> dict[str, set]:
    missing = {}
    for name, values in state_values(model).items():
        present = set(model._default_manager.values_list(name, flat=True).distinct())
        if values - present:
            missing[name] = values - present
    return missing


@pytest.fixture
def every_state(site_tree, admin_user):
    """A site whose admin has something to show in every state: rows written directly,
    in the shapes the services leave them in (the services' own tests cover how)."""
    from donations.models import DonateCurrency, DonationStatus, Frequency, PaymentStatus
    from petitions.models import CountMode
    from petitions.models import Status as SignatureStatus
    from supporters.models import OrganisationDecision
    from supporters.models import Status as OrganisationStatus
    from updates.models import MailchimpStatus, SyncState

    now = timezone.now()
    home = site_tree["home"]
    image = factories.ImageFactory(title="Logo")

    # The tagline and footer text as a translatable snippet (cms.SiteText).
    from wagtail.models import Site

    from cms.models import SiteText

    SiteText.objects.create(
        site=Site.objects.get(is_default_site=True),
        tagline="Every trial",
        footer_text="A campaign.",
    )

    # Pages of every type, each in the places it may stand.
    factories.CampaignPageFactory(parent=home, title="Why it matters", publish=True)
    for n, rule_status in enumerate(["proposed", "adopted", "in_force", "enforced"]):
        factories.NewsPageFactory(
            parent=site_tree["news_index"],
            title=f"Rule {n}",
            rule_status=rule_status,
            tags=["enforcement"] if n else (),
            publish=True,
        )
    factories.SupportersIndexPageFactory(parent=home, publish=True)
    factories.UpdatesPageFactory(parent=home, publish=True)
    tracker = trials_factories.TrackerPageFactory(parent=home, publish=True)
    trials_factories.MethodologyPageFactory(parent=tracker, publish=True)
    donate_page = factories.DonatePageFactory(parent=home, publish=True)
    for code in ("GBP", "EUR"):
        DonateCurrency.objects.get_or_create(page=donate_page, currency=code)
    open_petition = factories.PetitionPageFactory(
        parent=home, ask_postcode=True, ask_comment=True, publish=True
    )
    factories.PetitionPageFactory(
        parent=home,
        count_mode=CountMode.ALL,
        opens_at=now + datetime.timedelta(days=7),
        publish=True,
    )
    closed = factories.PetitionPageFactory(
        parent=home, closes_at=now - datetime.timedelta(days=1), publish=True
    )
    factories.PetitionPageFactory(parent=home, title="Draft petition")  # never published

    # Signatures: every status, flagged or not, named or not, erased, reviewed.
    for status in SignatureStatus.values:
        for flagged in (False, True):
            factories.SignatureFactory(
                petition=open_petition,
                status=status,
                flagged=flagged,
                flag_reason="Many signatures from one address" if flagged else "",
                show_name=flagged,
                wants_updates=not flagged,
                postcode="SW1A 1AA",
                comment='=HYPERLINK("https://evil.example")',
                confirmed_at=now if status == SignatureStatus.CONFIRMED else None,
                reviewed_at=now if status == SignatureStatus.INVALID else None,
                reviewed_by=admin_user if status == SignatureStatus.INVALID else None,
            )
    factories.SignatureFactory(
        petition=closed, name="", email="", email_key="erased-1", erased_at=now, country=""
    )
    # Past the per-address limits: held for review, its confirmation email not yet sent.
    factories.SignatureFactory(
        petition=open_petition,
        status=SignatureStatus.PENDING,
        flagged=True,
        flag_reason="held for review",
        confirmation_held=True,
    )
    # Collected before this site: a recorded number, a finished import with rows it
    # skipped (one signature of it erased), and one still importing.
    from petitions.models import SignatureImport, SignatureImportChunk

    type(open_petition).objects.filter(pk=open_petition.pk).update(
        earlier_signatures=96_000, earlier_signatures_note="Paper forms, 2013–2024"
    )
    finished = SignatureImport.objects.create(
        petition=open_petition,
        source="Paper forms, 2013–2019",
        file_name="paper.csv",
        created_by=admin_user,
        finished_at=now,
        rows=4,
        imported=2,
        duplicates=1,
        invalid=1,
        errors=[[3, "Line 3: the email address is not valid."]],
        duplicate_lines=[4],
    )
    factories.SignatureFactory(petition=open_petition, imported_from=finished, wants_updates=True)
    factories.SignatureFactory(
        petition=open_petition,
        imported_from=finished,
        name="",
        email="",
        email_key="erased-imported",
        erased_at=now,
    )
    importing = SignatureImport.objects.create(
        petition=closed, source="The earlier site", rows=2, imported=1
    )
    SignatureImportChunk.objects.create(
        batch=importing, number=1, rows=[[3, ["Bo", "bo@example.org", "GB", "2019-01-01", "no"]]]
    )
    type(closed).objects.filter(pk=closed.pk).update(include_earlier_signatures=False)

    # Accounts: an organisation's contact, a staff editor, a closed account.
    users = get_user_model().objects
    contact = users.create_user("contact@example.org", "a-long-passphrase-42")
    users.create_user("editor@example.org", "a-long-passphrase-42", is_staff=True)
    users.create_user("left@example.org", "a-long-passphrase-42", is_active=False)

    # Supporters: every status, with and without changes waiting, with history and a duplicate.
    first = None
    for status in OrganisationStatus.values:
        for pending in (False, True):
            organisation = factories.OrganisationFactory(
                name=f"{status.title()} {'changed' if pending else 'as is'}",
                status=status,
                owner=contact,
                logo=image if pending else None,
                contact_page="https://example.org/contact" if pending else "",
                approved_at=now if status == OrganisationStatus.APPROVED else None,
                possible_duplicate_of=first,
                pending_changes={
                    "name": f"{status.title()} renamed",
                    "website": "https://renamed.example.org/",
                    "country": "FR",
                    "category": "journal",
                    "logo": image.pk,
                    "statement": "=1+1",
                    "contact_page": "",
                }
                if pending
                else None,
            )
            first = first or organisation
            OrganisationDecision.objects.create(
                organisation=organisation, actor=None, from_status="", to_status=status
            )
            if pending:
                OrganisationDecision.objects.create(
                    organisation=organisation,
                    actor=admin_user,
                    from_status=status,
                    to_status=status,
                    note="Changes submitted for review.",
                )

    # Updates: every sync state and every Mailchimp status, with interests and consents.
    interests = [
        factories.InterestFactory(name="Global news"),
        factories.InterestFactory(name="Retired list", active=False, mailchimp_interest_id=""),
    ]
    sync_states, mailchimp_statuses = SyncState.values, MailchimpStatus.values
    for n in range(max(len(sync_states), len(mailchimp_statuses))):
        subscriber = factories.SubscriberFactory(
            sync_state=sync_states[n % len(sync_states)],
            mailchimp_status=mailchimp_statuses[n % len(mailchimp_statuses)],
            mailchimp_status_at=now if n % 2 else None,
            sync_error="Mailchimp said: Member Exists" if n % 2 else "",
            sync_attempts=n,
            resubscribe_requested=bool(n % 2),
            last_synced_at=now if n % 3 else None,
            next_attempt_at=now + datetime.timedelta(minutes=n) if n % 2 else None,
            first_name="" if n % 2 else "Robin",
            country="" if n % 3 else "GB",
        )
        subscriber.interests.set(interests[: n % 3])
        if n % 2:
            factories.UpdatesConsentFactory(subscriber=subscriber)
    factories.MailchimpDeletionFactory()
    factories.MailchimpDeletionFactory(done_at=now, attempts=1)
    factories.MailchimpDeletionFactory(attempts=3, error="Mailchimp answered 500")

    # Donations: every status, once and monthly, with and without Gift Aid (GBP only),
    # erased donors; payments of every status, refunds whole and partial, claimed or not.
    for status in DonationStatus.values:
        for frequency in Frequency.values:
            donation = factories.DonationFactory(
                status=status,
                frequency=frequency,
                currency="GBP" if frequency == Frequency.ONE_OFF else "EUR",
                stripe_checkout_session_id=f"cs_{status}_{frequency}",
                stripe_customer_id=f"cus_{status}_{frequency}",
                stripe_subscription_id=(
                    f"sub_{status}" if frequency == Frequency.MONTHLY else None
                ),
                completed_at=now if status in ("paid", "active", "refunded") else None,
                cancelled_at=now if status == "cancelled" else None,
                page=donate_page,
            )
            if status in ("paid", "refunded") and frequency == Frequency.ONE_OFF:
                factories.GiftAidDeclarationFactory(donation=donation)
    gift_aided = factories.GiftAidDeclarationFactory(
        donation__status="active", donation__frequency="monthly", donation__page=donate_page
    ).donation
    erased = factories.DonationFactory(status="paid", name="", email="", erased_at=now)
    received = [
        (gift_aided, PaymentStatus.PAID, 0, None),
        (gift_aided, PaymentStatus.PAID, 0, now),
        (gift_aided, PaymentStatus.PARTIALLY_REFUNDED, 1000, None),
        (erased, PaymentStatus.REFUNDED, 2500, None),
        (erased, PaymentStatus.FAILED, 0, None),
    ]
    for donation, status, refunded, claimed_at in received:
        factories.PaymentFactory(
            donation=donation,
            status=status,
            amount_refunded_minor=refunded,
            refunded_at=now if refunded else None,
            paid_at=None if status == PaymentStatus.FAILED else now,
            failure_message="Your card was declined." if status == PaymentStatus.FAILED else "",
            gift_aid_claimed_at=claimed_at,
            gift_aid_claimed_by=admin_user if claimed_at else None,
        )
    factories.PaymentFactory(
        donation=gift_aided, paid_at=now - datetime.timedelta(days=400), stripe_id="in_old"
    )
    factories.StripeEventFactory()
    factories.StripeEventFactory(processed_at=None, attempts=0)
    factories.StripeEventFactory(processed_at=None, attempts=4, last_error="No such donation")

    # Trials: sponsors linked and not, names in every review state, imports of every outcome.
    from trials.models import RegistryImport, SponsorMapping
    from trials.services.records import sponsor_records_refresh

    linked = factories.SponsorFactory(
        name="Sample Hospital", organisation=factories.OrganisationFactory(name="Sample Hospital")
    )
    factories.SponsorFactory(name="Sample Pharma", is_sample=True)
    for n, review in enumerate(SponsorMapping.Review.values):
        factories.SponsorMappingFactory(
            raw_name=f"Sample Hospital {n}",
            review=review,
            sponsor=linked if review == SponsorMapping.Review.CONFIRMED else None,
            suggested_sponsor=linked if n % 2 == 0 else None,
            trial_count=n,
        )
        trial = factories.TrialFactory(
            lead_sponsor_name=f"Sample Hospital {n}",
            sponsor=linked if review == SponsorMapping.Review.CONFIRMED else None,
        )
        factories.ClassificationFactory(trial=trial, status="overdue")
    sponsor_records_refresh(today=now.date())
    for outcome in RegistryImport.Outcome.values:
        RegistryImport.objects.create(
            source=RegistryImport.Source.FILE,
            label=f"ctgov-{outcome}.zip",
            outcome=outcome,
            problems={"missing module: statusModule": 2} if outcome != "running" else {},
            error="Not a ZIP file" if outcome == "failed" else "",
        )

    # Site settings with everything filled in.
    from cms.models import SiteSettings

    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"tagline": "Every trial", "contact_email": "hello@example.org"},
    )


# --- A small crawler ---------------------------------------------------------------------


@dataclass
class Form:
    """A GET form as a browser would submit it: its fields' defaults and their other options."""

    action: str
    defaults: list[tuple[str, str]] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)
    typed: list[tuple[str, str]] = field(default_factory=list)  # (name, input type)

    @property
    def names(self) -> set[str]:
        return {name for name, _ in self.defaults} | set(self.options)

    def submissions(self) -> Iterator[list[tuple[str, str]]]:
        """The defaults, then each option and each typed field one at a time."""
        yield self.defaults
        for name, values in self.options.items():
            for value in values:
                yield [*((k, v) for k, v in self.defaults if k != name), (name, value)]
        today = timezone.localdate().isoformat()
        for name, kind in self.typed:
            samples = {"date": [today], "number": ["1", "-1"]}.get(kind, ["a", today, "\x00"])
            for value in samples:
                yield [*((k, v) for k, v in self.defaults if k != name), (name, value)]


class PageParser(HTMLParser):
    """The links on a page and its GET forms (fields may sit outside a form, with form="id")."""

    TYPED = {"text", "search", "date", "number", "email", "datetime-local"}

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: dict[str, Form] = {}
        self._form: str | None = None
        self._select: tuple[str, str] | None = None
        self._count = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.url, attrs["href"]))
        elif tag == "form":
            self._count += 1
            key = attrs.get("id") or f"form-{self._count}"
            if (attrs.get("method") or "get").lower() == "get":
                self.forms[key] = Form(action=urljoin(self.url, attrs.get("action") or ""))
            self._form = key
        elif tag in ("input", "select", "textarea", "option", "button"):
            self._field(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def _field(self, tag, attrs):
        form = self.forms.get(attrs.get("form") or self._form or "")
        if tag == "option":
            if self._select and self._select[0] in self.forms:
                form_key, name = self._select
                value = attrs.get("value", "")
                options = self.forms[form_key].options.setdefault(name, [])
                if len(options) < SELECT_OPTIONS:  # a long list (countries) runs one code path
                    options.append(value)
                if "selected" in attrs:
                    self.forms[form_key].defaults.append((name, value))
            return
        name = attrs.get("name")
        if form is None or not name:
            return
        if tag == "select":
            self._select = (attrs.get("form") or self._form, name)
            return
        kind = (attrs.get("type") or ("text" if tag == "input" else "submit")).lower()
        if tag == "textarea":
            kind = "text"
        if kind == "submit":  # a named button sends its value (Download CSV)
            form.options.setdefault(name, []).append(attrs.get("value", ""))
            return
        if kind in ("button", "image", "reset", "file"):
            return
        if kind in ("radio", "checkbox"):
            value = attrs.get("value", "on")  # what a browser sends for a box without a value
            form.options.setdefault(name, []).append(value)
            if "checked" in attrs:
                form.defaults.append((name, value))
            return
        form.defaults.append((name, attrs.get("value", "")))
        if kind in self.TYPED:
            form.typed.append((name, kind))


@dataclass
class Visit:
    url: str
    status: int
    route: str
    found_on: str
    problem: str = ""
    download: str = ""  # the file name, when the page is a download


class Crawler:
    """Opens addresses as a signed-in superuser, follows links to the project's admin pages
    and submits their GET forms, and records every answer."""

    def __init__(self, client: Client, user, routes: list[Route]):
        self.client = client
        self.user = user
        self.routes = {route.name: route for route in routes}
        self.admin_prefix = reverse("wagtailadmin_home")
        self.visits: list[Visit] = []
        self.seen_urls: set[str] = set()
        self.seen_shapes: set[tuple] = set()
        self.reached: set[str] = set()
        self.submitted_forms_of: set[tuple] = set()

    def route_of(self, url: str) -> tuple[str, dict] | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith(self.admin_prefix):
            return None
        try:
            match = resolve(parts.path)
        except Resolver404:
            return ("", {})
        return match.view_name, match.kwargs

    def shape(self, url: str, name: str, kwargs: dict) -> tuple:
        """Links that differ only in the values of several parameters at once are one page
        to the crawl: each single parameter's values are all opened, their combinations once."""
        query = [(k, v) for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True) if v]
        if len(query) <= 1:
            return (name, tuple(sorted(kwargs.items())), tuple(query))
        return (name, tuple(sorted(kwargs.items())), tuple(sorted({k for k, _ in query})))

    def open(self, url: str, *, found_on: str = "", links: bool = True) -> None:
        if url in self.seen_urls:
            return
        if len(self.seen_urls) >= MAX_REQUESTS:
            raise AssertionError(
                f"The crawl passed {MAX_REQUESTS} requests: is something unbounded?"
            )
        self.seen_urls.add(url)
        name, kwargs = self.route_of(url) or ("", {})
        self.reached.add(name)
        response = self.client.get(url)
        visit = Visit(url=url, status=response.status_code, route=name, found_on=found_on)
        if match := re.search(r'filename="?([^";]+)', response.get("Content-Disposition", "")):
            visit.download = match[1]
        self.visits.append(visit)
        expected = self.expected(name, kwargs)
        if expected[0] != 200 and found_on != REGISTERED:
            visit.problem = "a link to a page the editor is refused or sent away from"
        elif response.status_code != expected[0]:
            visit.problem = f"answered {response.status_code}, expected {expected[0]}"
            if response.status_code >= 500 and getattr(response, "exc_info", None):
                error = response.exc_info[1]
                visit.problem += f": {type(error).__name__}: {error}"
            elif response.status_code in (301, 302):
                visit.problem += f" (to {response['Location']})"
            return
        if expected[1] and resolve(urlsplit(response["Location"]).path).view_name != expected[1]:
            visit.problem = f"redirected to {response['Location']}, expected {expected[1]}"
            return
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return
        parser = PageParser(url)
        parser.feed(response.content.decode())
        if links:
            for link in parser.links:
                self.follow(link, found_on=url)
        forms_key = (
            name,
            tuple(sorted({field for f in parser.forms.values() for field in f.names})),
        )
        if forms_key not in self.submitted_forms_of:
            # Each kind of page's forms once (a listing's filters, a history's filters; a
            # claim's form again once it offers a download): the defaults to where the
            # form sends them (the results, for a listing), and each choice to the page
            # itself, as a shared link would open it.
            self.submitted_forms_of.add(forms_key)
            for form in parser.forms.values():
                for n, submission in enumerate(form.submissions()):
                    query = urlencode([(k, v) for k, v in submission if v])
                    targets = (
                        {form.action.split("?")[0], url.split("?")[0]}
                        if n == 0
                        else {url.split("?")[0]}
                    )
                    for target in targets:
                        # A filtered page's links are the unfiltered page's, filtered.
                        self.follow(
                            f"{target}?{query}" if query else target,
                            found_on=url,
                            links=not query,
                        )

    def follow(self, url: str, *, found_on: str, links: bool = True) -> None:
        url = url.split("#", 1)[0]
        route = self.route_of(url)
        if route is None:
            return
        name, kwargs = route
        if name not in self.routes:
            return
        if self.routes[name].action in SAME_FOR_EVERY_OBJECT and kwargs:
            shape = (name, "any object", urlsplit(url).query)
            count = sum(1 for seen in self.seen_shapes if seen[:2] == shape[:2])
            if shape in self.seen_shapes or count >= FEW:
                return
        else:
            shape = self.shape(url, name, kwargs)
            if shape in self.seen_shapes:
                return
        self.seen_shapes.add(shape)
        self.open(url, found_on=found_on, links=links)

    def expected(self, name: str, kwargs: dict) -> tuple[int, str]:
        """(status, route redirected to): 200 unless the page is refused or moved by design.

        Wagtail answers a refusal by taking the editor to the dashboard with a message."""
        if name in REDIRECTS_BY_DESIGN:
            return 302, REDIRECTS_BY_DESIGN[name]
        route = self.routes.get(name)
        if route is not None and refused_to_everyone(route):
            return 302, "wagtailadmin_home"
        if name == "wagtailusers_users:delete" and kwargs.get("pk") == self.user.pk:
            return 302, "wagtailadmin_home"  # nobody deletes their own account
        return 200, ""


def refused_to_everyone(route: Route) -> bool:
    """A page whose model's permission policy refuses its action even to a superuser
    (adding or editing donations, deleting signatures...)."""
    from wagtail.permissions import policy_registry

    if route.model is None:
        return False
    if required := getattr(route.view, "permission_required", None):
        needed = [required]
    elif required := getattr(route.view, "any_permission_required", None):
        needed = list(required)
    elif route.action == "create" and hasattr(route.view, "can_create"):
        needed = ["add"]  # a chooser's "create" tab
    else:
        return False
    superuser = get_user_model()(is_superuser=True, is_active=True)
    policy = policy_registry.get_by_type(route.model)
    return not any(policy.user_has_permission(superuser, action) for action in needed)


def seed_urls(routes: list[Route]) -> tuple[list[str], dict[str, str]]:
    """An address for every route and every object it can show; and the routes for
    which the crawl cannot build one (with the reason)."""
    from petitions.models import PetitionPage

    sources = {"petition_id": PetitionPage.objects.order_by("pk").values_list("pk", flat=True)}
    urls, unbuildable = [], {}
    for route in routes:
        if not route.kwargs:
            urls.append(reverse(route.name))
            continue
        if set(route.kwargs) - {"pk", *sources}:
            unbuildable[route.name] = f"no data for {set(route.kwargs) - {'pk', *sources}}"
            continue
        if "pk" in route.kwargs:
            if route.model is None:
                unbuildable[route.name] = "takes a pk but shows no model"
                continue
            values = list(route.model._default_manager.order_by("pk").values_list("pk", flat=True))
            if route.action in SAME_FOR_EVERY_OBJECT:
                values = values[:FEW]
            name = "pk"
        else:
            (name,) = route.kwargs
            values = list(sources[name])
        if not values:
            unbuildable[route.name] = f"no {route.model or name} to show"
        urls.extend(reverse(route.name, kwargs={name: value}) for value in values)
    return urls, unbuildable


def seed_extra_urls() -> list[str]:
    """The Wagtail pages that show project models: the dashboard (the apps' panels), the
    project's bulk actions on each object, its settings, and its page types."""
    urls = [reverse("wagtailadmin_home")]
    for model, action in project_bulk_actions():
        base = reverse(
            "wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, action]
        )
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        urls += [f"{base}?id={pk}" for pk in pks] + [f"{base}?id=all"]
    site = Site.objects.get(is_default_site=True)
    for model in project_settings_models():
        urls.append(
            reverse(
                "wagtailsettings:edit",
                args=[model._meta.app_label, model._meta.model_name, site.pk],
            )
        )
    for model in project_page_models():
        for page in model.objects.order_by("pk"):
            urls += [
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
                reverse("wagtailadmin_pages:history", args=[page.pk]),
                reverse("wagtailadmin_explore", args=[page.pk]),
            ]
        parent = next(
            (
                candidate
                for candidate in Page.objects.order_by("pk").specific()
                if model in candidate.specific_class.allowed_subpage_models()
                and model.can_create_at(candidate)
            ),
            None,
        )
        if parent is not None:
            urls.append(
                reverse(
                    "wagtailadmin_pages:add",
                    args=[model._meta.app_label, model._meta.model_name, parent.pk],
                )
            )
    return urls


# --- The tests -------------------------------------------------------------------------------


def test_the_crawl_finds_every_kind_of_admin_page():
    """The discovery the crawl relies on sees the pages each app registers."""
    names = {route.name for route in project_admin_routes()}
    assert {
        "supporters_organisation:list",
        "supporters_organisation:edit",
        "petitions_admin:report",
        "petitions_admin:export",
        "petitions_signature:inspect",
        "updates_subscriber:inspect",
        "donations_donation:inspect",
        "donations_payment:index",
        "donations_totals",
        "donations_gift_aid",
        "wagtailsnippets_cms_jurisdiction:edit",
        "wagtailsnippetchoosers_supporters_organisation:choose",
        # Wagtail's own pages for the project's user model.
        "wagtailusers_users:edit",
    } <= names
    assert not any(name.startswith(("wagtailimages", "wagtaildocs")) for name in names)
    assert {action for _, action in project_bulk_actions()} >= {"approve", "reject", "accept"}


def test_every_admin_page_answers_a_superuser(every_state, admin_user):
    routes = project_admin_routes()
    for model in {route.model for route in routes if route.model is not None}:
        assert not _missing_states(model), f"the crawl's data lacks states of {model.__name__}"
    for model in project_page_models():
        assert model.objects.exists(), f"the crawl's data has no {model.__name__}"

    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    crawler = Crawler(client, admin_user, routes)
    urls, unbuildable = seed_urls(routes)
    for url in urls:
        crawler.open(url, found_on=REGISTERED)
    for url in seed_extra_urls():
        crawler.open(url, found_on=REGISTERED)

    problems = [
        f"{v.url} ({v.route}, found on {v.found_on}): {v.problem}"
        for v in crawler.visits
        if v.problem
    ]
    unreached = {route.name for route in routes} - crawler.reached - set(unbuildable)
    print(f"crawled {len(crawler.visits)} admin addresses", file=sys.stderr)
    assert not unbuildable, f"admin pages the crawl cannot open: {unbuildable}"
    assert not unreached, f"admin pages never opened: {sorted(unreached)}"
    assert not problems, "\n".join(problems)

    # Every download was among them: each listing's CSV and XLSX, the petitions' CSV,
    # the Gift Aid claim.
    downloads = {(v.route, Path(v.download).suffix) for v in crawler.visits if v.download}
    for route in routes:
        if route.initkwargs.get("list_export") and route.action in ("index", "list"):
            assert {(route.name, ".csv"), (route.name, ".xlsx")} <= downloads, route.name
    assert {("petitions_admin:export", ".csv"), ("donations_gift_aid", ".csv")} <= downloads
