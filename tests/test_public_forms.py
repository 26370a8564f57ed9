"""No server error from anything a person can type into the public site.

Hypothesis fills every field of every form the public can reach (signing and
resending, the updates sign-up, donating, registering an organisation and the
contact's own forms, signing in and the account pages, the webhooks, the links
people are emailed) with arbitrary text, values chosen to break things (a
stray bracket in a web address, NUL bytes, right-to-left marks, formulas,
numbers past any limit, a megabyte-long line), and plausible values, so that
some submissions get past validation into the services. Fields go missing or
arrive twice; files are arbitrary bytes. Every answer must be below 500.

Examples are derandomized and few per form, so the test is quick and the same on
every run. Every address outside the admin is either posted to here or named in
NOT_A_FORM with the reason, so a new public form fails the test until it is
added.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from tests import factories
from tests.fakes.stripe import SECRET_KEY, WEBHOOK_SECRET, FakeStripe, sign
from tests.trials import factories as trials_factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-and-unusual-passphrase-42"
MAILCHIMP_SECRET = "public-forms-secret"

#: How many submissions each form gets; the main forms get more.
EXAMPLES = 12
MAIN_FORM_EXAMPLES = 30

# --- What people type -----------------------------------------------------------------------

TRICKY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\r\n",
    "\u202egnp.exe",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂",
    "'; DROP TABLE x; --",
    "%",
    "%00",
    "_",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    '=HYPERLINK("https://evil.example")',
    "+1",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "0.001",
    "1,000.00",
    "null",
    "[]",
    "{}",
    "[",
    "]",
    "https://exa[mple.org",
    "https://[example.org]",
    "https://example.org:99999/",
    "http://localhost/",
    "javascript:alert(1)",
    "//evil.example/",
    "ann@example.org",
    "ANN+tag@Example.ORG",
    "a@b",
    "@",
    "ann@exa[mple.org",
    "2026-13-45",
    "2026-12-01 10:00:00",
    "x" * 5000,
    "ä" * 300,
    "x" * 1_000_000,
]

TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20),
)


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


FILES = st.one_of(
    st.binary(max_size=200),
    st.just(_png()),
    st.just(b"GIF89a" + b"\x00" * 20),
    st.just(_png()[:40]),  # a PNG cut short
)


#: Stuck onto a plausible value: what slips past a check that only looks at the start.
SUFFIXES = ["\x00", "\u202e", "[", "]", "%00", "\n", " " * 3, "x" * 300]


def stuck_on(plausible: list[str]) -> st.SearchStrategy:
    """A plausible value with something stuck on the end."""
    return st.tuples(st.sampled_from(plausible or [""]), st.sampled_from(SUFFIXES)).map("".join)


def value_of(plausible: list[str]) -> st.SearchStrategy:
    """A field's value: left out (None), plausible (perhaps with something stuck on),
    arbitrary, or sent several times."""
    one = TEXT
    if plausible:
        one = st.one_of(st.sampled_from(plausible), stuck_on(plausible), TEXT)
    return st.one_of(st.none(), one, one, st.lists(one, min_size=2, max_size=3))


def form_values(fields: dict[str, list[str]]) -> st.SearchStrategy:
    """What a form receives: half the time a plausible submission with one or two fields
    spoiled (so the services behind the form run too), otherwise anything at all."""
    anything = st.fixed_dictionaries(
        {}, optional={name: value_of(plausible) for name, plausible in fields.items()}
    )
    if not fields:
        return anything
    plausible = st.fixed_dictionaries(
        {name: st.sampled_from(values) for name, values in fields.items() if values}
    )
    one_spoiled = st.sampled_from(sorted(fields)).flatmap(
        lambda name: st.one_of(stuck_on(fields[name]), value_of(fields[name])).map(
            lambda value: (name, value)
        )
    )
    spoiled = st.lists(one_spoiled, min_size=1, max_size=2).map(dict)
    nearly = st.tuples(plausible, spoiled).map(lambda pair: {**pair[0], **pair[1]})
    return st.one_of(nearly, anything)


# --- The public forms ----------------------------------------------------------------------

EMAILS = ["ann@example.org", "Ann+x@Example.org", "contact@example.org", "editor@example.org"]
ORGANISATION = {
    "name": ["Patients for Trial Transparency", "The Medics e.V."],
    "website": ["https://patients.example.org", "patients.example.org"],
    "country": ["GB", "FR", "XK"],
    "category": ["patient_group", "journal"],
    "statement": ["Every result matters to patients."],
    "contact_page": ["", "https://patients.example.org/contact"],
    "contact_name": ["Ada Lovelace"],
    "contact_role": ["Chair", ""],
    "logo-clear": ["on"],
}
REGISTRATION = {
    **ORGANISATION,
    "account-email": EMAILS,
    "account-password1": [PASSWORD],
    "account-password2": [PASSWORD],
}
# The hidden first-touch inputs every recording form carries (core/attribution.py).
ATTRIBUTION = {
    "utm_source": ["newsletter", "x" * 300],
    "utm_medium": ["share"],
    "utm_campaign": ["spring-2026"],
    "referral_code": ["abcdefghjk", "ABCDEFGHJK", "../x"],
}
SIGNATURE = {
    **ATTRIBUTION,
    "name": ["Ann Example"],
    "email": EMAILS,
    "country": ["GB", "DE"],
    "postcode": ["SW1A 1AA"],
    "comment": ["Because results matter."],
    "show_name": ["on"],
    "wants_updates": ["on"],
    "consent": ["on"],
    "website": [""],
}
SUBSCRIBE = {
    **ATTRIBUTION,
    "email": EMAILS,
    "first_name": ["Robin"],
    "country": ["GB"],
    "interests": ["uk", "global", "retired"],
    "consent": ["on"],
    "source_url": ["/updates/", "//evil.example/"],
    "website": [""],
}
DONATION = {
    **ATTRIBUTION,
    "frequency": ["one_off", "monthly"],
    "currency": ["GBP", "EUR", "usd"],
    "amount": ["25", "10", "other"],
    "other_amount": ["12.50", "0.49", "1000000"],
    "name": ["Ada Lovelace"],
    "email": EMAILS,
    "gift_aid": ["on"],
    "title": ["Dr", "Dr."],
    "first_name": ["Ada"],
    "last_name": ["Lovelace"],
    "address": ["12 St James's Square\nLondon"],
    "postcode": ["SW1Y 4JH", "sw1y4jh"],
}
MAILCHIMP_EVENT = {
    "type": ["subscribe", "unsubscribe", "profile", "upemail", "cleaned", "campaign"],
    "fired_at": ["2026-12-01 10:00:00"],
    "data[email]": EMAILS,
    "data[old_email]": EMAILS,
    "data[new_email]": EMAILS,
    "data[merges][FNAME]": ["Robin"],
    "data[reason]": ["manual", "hard", "abuse"],
    "data[list_id]": ["list123"],
    "data[id]": ["abc123"],
}


@dataclass
class PublicSite:
    """What the forms need: pages, a signed-in contact with a listing, outside services faked."""

    client: object
    settings: object
    site_tree: dict
    stripe: FakeStripe
    pages: dict = field(default_factory=dict)

    def contact(self):
        """Sign in as an organisation's contact through the login form, and give the
        password again, as the account pages ask before changing anything."""
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("contact@example.org", PASSWORD)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        self.pages["organisation"] = factories.OrganisationFactory(owner=user)
        self.client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        # Adding an authenticator asks for the password again first.
        self.client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        return user


@dataclass
class Target:
    """One public address and the fields a person (or a script) can send it."""

    name: str
    url: Callable[[PublicSite, st.DataObject], str]
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    method: str = "post"
    signed_in: bool = False
    examples: int = EXAMPLES
    body: Callable[[st.DataObject], tuple[bytes, dict]] | None = None

    def __str__(self) -> str:
        return self.name


def _path_text(data: st.DataObject) -> str:
    return quote(data.draw(TEXT, label="in the address")[:2000], safe="") or "x"


def _stripe_delivery(data: st.DataObject) -> tuple[bytes, dict]:
    """Anything anyone can send to the Stripe webhook: junk, a junk signature, or a
    well-signed event of any shape (only Stripe can sign, but Stripe's shapes change)."""
    kind = data.draw(st.sampled_from(["junk", "unsigned", "signed"]), label="delivery")
    if kind == "junk":
        body = data.draw(st.one_of(st.binary(max_size=200), TEXT.map(str.encode)), label="body")
    else:
        event = {
            "id": data.draw(st.one_of(st.just("evt_1"), st.text(max_size=40)), label="id"),
            "type": data.draw(
                st.one_of(
                    st.sampled_from(
                        [
                            "checkout.session.completed",
                            "checkout.session.expired",
                            "invoice.paid",
                            "charge.refunded",
                            "customer.subscription.deleted",
                        ]
                    ),
                    st.text(max_size=30),
                ),
                label="type",
            ),
            "created": data.draw(st.one_of(st.integers(), TEXT), label="created"),
            "data": {"object": data.draw(st.dictionaries(TEXT, TEXT, max_size=4), label="object")},
        }
        body = json.dumps(event).encode()
    header = (
        sign(body, WEBHOOK_SECRET)
        if kind == "signed"
        else data.draw(TEXT, label="Stripe-Signature")
    )
    return body, {"HTTP_STRIPE_SIGNATURE": header.replace("\x00", "")[:8000]}


def _page(model_name: str) -> Callable[[PublicSite, st.DataObject], str]:
    return lambda site, data: site.pages[model_name].url


TARGETS = [
    # Petitions
    Target(
        "petitions:sign",
        lambda site, data: f"/petitions/{site.pages['petition'].pk}/sign/",
        SIGNATURE,
        examples=MAIN_FORM_EXAMPLES,
    ),
    Target(
        "petitions:resend",
        lambda site, data: f"/petitions/{site.pages['petition'].pk}/resend/",
        {"email": EMAILS},
        examples=MAIN_FORM_EXAMPLES,
    ),
    Target(
        "petitions:confirm",
        lambda site, data: f"/petitions/confirm/{_path_text(data)}/",
        {"confirm": ["on"]},
    ),
    Target(
        "petitions:check_email_share",
        lambda site, data: (
            f"/petitions/{site.pages['petition'].pk}/check-email/{_path_text(data)}/"
        ),
        {},
        method="get",
    ),
    # The share step's Mastodon chooser (GET, changes nothing)
    Target(
        "share_mastodon",
        lambda site, data: "/share/mastodon/",
        {
            "instance": ["mastodon.social", "@ann@scholar.social", "localhost", "evil.org/x"],
            "text": ["I signed."],
            "url": ["http://testserver/petition/?ref=abcdefghjk", "https://evil.example/", ""],
        },
        method="get",
    ),
    # Updates
    Target(
        "updates:subscribe",
        lambda site, data: "/subscribe/",
        SUBSCRIBE,
        examples=MAIN_FORM_EXAMPLES,
    ),
    Target(
        "updates:mailchimp_webhook",
        # Mostly the right secret: a wrong one stops at the first line.
        lambda site, data: "/webhooks/mailchimp/{}/".format(
            data.draw(st.sampled_from([MAILCHIMP_SECRET] * 4 + ["x"]), label="secret")
        ),
        MAILCHIMP_EVENT,
        examples=MAIN_FORM_EXAMPLES,
    ),
    # Donations
    Target(
        "page:donations.DonatePage",
        _page("donations.DonatePage"),
        DONATION,
        examples=MAIN_FORM_EXAMPLES,
    ),
    Target(
        "donations:stripe_webhook", lambda site, data: "/webhooks/stripe/", body=_stripe_delivery
    ),
    Target("donations:manage", lambda site, data: f"/donations/manage/{_path_text(data)}/", {}),
    Target(
        "donate thanks and cancelled pages",
        lambda site, data: (
            site.pages["donations.DonatePage"].url
            + data.draw(st.sampled_from(["thanks/", "cancelled/"]), label="page")
        ),
        {"session_id": ["cs_test_1"], "donation": ["00000000-0000-0000-0000-000000000000"]},
        method="get",
    ),
    # Supporters
    Target(
        "supporters:register",
        lambda site, data: "/supporters/register/",
        REGISTRATION,
        files=("logo",),
        examples=MAIN_FORM_EXAMPLES,
    ),
    Target(
        "supporters:edit",
        lambda site, data: f"/supporters/account/{site.pages['organisation'].pk}/edit/",
        ORGANISATION,
        files=("logo",),
        signed_in=True,
        examples=MAIN_FORM_EXAMPLES,
    ),
    Target(
        "supporters:withdraw",
        lambda site, data: f"/supporters/account/{site.pages['organisation'].pk}/withdraw/",
        {"confirm": ["on"]},
        signed_in=True,
    ),
    # Signing in and the account (allauth)
    Target(
        "account_login",
        lambda site, data: "/accounts/login/",
        {"login": EMAILS, "password": [PASSWORD], "remember": ["on"]},
    ),
    Target("account_signup", lambda site, data: "/accounts/signup/", REGISTRATION),
    Target(
        "account_reset_password", lambda site, data: "/accounts/password/reset/", {"email": EMAILS}
    ),
    Target(
        "account_confirm_email",
        lambda site, data: f"/accounts/confirm-email/{_path_text(data)}/",
        {"key": ["x"]},
    ),
    Target(
        "account_reset_password_from_key",
        lambda site, data: f"/accounts/password/reset/key/{_path_text(data)}-{_path_text(data)}/",
        {"password1": [PASSWORD], "password2": [PASSWORD]},
    ),
    Target(
        "account_confirm_login_code",
        lambda site, data: "/accounts/login/code/confirm/",
        {"code": ["ABC123"]},
    ),
    Target("account_logout", lambda site, data: "/accounts/logout/", {"next": ["/", "//evil"]}),
    Target(
        "account_email",
        lambda site, data: "/accounts/email/",
        {
            "email": EMAILS,
            "action_add": [""],
            "action_primary": [""],
            "action_send": [""],
            "action_remove": [""],
        },
        signed_in=True,
    ),
    Target(
        "account_change_password",
        lambda site, data: "/accounts/password/change/",
        {"oldpassword": [PASSWORD], "password1": [PASSWORD], "password2": [PASSWORD]},
        signed_in=True,
    ),
    Target(
        "account_set_password",
        lambda site, data: "/accounts/password/set/",
        {"password1": [PASSWORD], "password2": [PASSWORD]},
        signed_in=True,
    ),
    Target(
        "account_reauthenticate",
        lambda site, data: "/accounts/reauthenticate/",
        {"password": [PASSWORD]},
        signed_in=True,
    ),
    Target(
        "mfa_activate_totp",
        lambda site, data: "/accounts/2fa/totp/activate/",
        {"code": ["123456"], "signup": ["on"]},
        signed_in=True,
    ),
    Target(
        "mfa_deactivate_totp",
        lambda site, data: "/accounts/2fa/totp/deactivate/",
        {"code": ["123456"]},
        signed_in=True,
    ),
    Target(
        "mfa_generate_recovery_codes",
        lambda site, data: "/accounts/2fa/recovery-codes/generate/",
        {"code": ["123456"]},
        signed_in=True,
    ),
    Target(
        "mfa_authenticate",
        lambda site, data: "/accounts/2fa/authenticate/",
        {"code": ["123456"]},
    ),
    Target(
        "mfa_reauthenticate",
        lambda site, data: "/accounts/2fa/reauthenticate/",
        {"code": ["123456"]},
        signed_in=True,
    ),
    # Wagtail's own public forms: a page's password, a private page's sign-in.
    Target(
        "wagtailcore_authenticate_with_password",
        lambda site, data: (
            f"/_util/authenticate_with_password/{site.pages['restriction'].pk}/"
            f"{site.pages['restriction'].page_id}/"
        ),
        {"password": ["letmein"], "return_url": ["/", "//evil.example/"]},
    ),
    Target(
        "wagtaildocs_authenticate_with_password",
        lambda site, data: f"/documents/authenticate_with_password/{site.pages['documents'].pk}/",
        {"password": ["letmein"], "return_url": ["/", "//evil.example/"]},
    ),
    Target(
        "wagtailcore_login",
        lambda site, data: "/_util/login/",
        {"username": EMAILS, "password": [PASSWORD], "next": ["/"]},
    ),
    # Every other page takes whatever is posted to it (a bot posts to them all).
    *[
        Target(
            f"page:{label}",
            _page(label),
            {
                "q": [],
                "page": ["2"],
                "jurisdiction": ["uk"],
                "letter": ["a"],
                "csrfmiddlewaretoken": [],
            },
        )
        for label in (
            "cms.HomePage",
            "cms.CampaignPage",
            "cms.NewsIndexPage",
            "cms.NewsPage",
            "supporters.SupportersIndexPage",
            "petitions.PetitionPage",
            "updates.UpdatesPage",
            "trials.TrackerPage",
            "trials.MethodologyPage",
        )
    ],
]

#: Addresses outside the admin that take no form, and why.
NOT_A_FORM = {
    "supporters:register_done": "a page of text",
    "supporters:account": "a list of the contact's listings (GET)",
    "supporters:json": "GET only; its parameters are tested in test_bad_input.py",
    "petitions:check_email": "a page of text",
    "petitions:count": "GET only",
    "petitions:widget": "GET only; ?size is a choice of two",
    "petitions:history_json": "GET only, no parameters",
    "petitions:history_csv": "GET only, no parameters",
    "updates:subscribe_done": "a page of text",
    "search": "GET only; its parameters are tested in test_bad_input.py",
    "sitemap": "GET only",
    "robots_txt": "GET only",
    "csrf_token": "GET only",
    "healthz": "GET only",
    "healthz_db": "GET only",
    "healthz_status": "GET only, behind a token; tested in tests/core/test_health.py",
    "account_signup_redirect": "sends every method to supporters:register",
    "account_inactive": "a page of text",
    "account_email_verification_sent": "a page of text",
    "account_reset_password_done": "a page of text",
    "account_reset_password_from_key_done": "a page of text",
    "mfa_index": "a page of links",
    "mfa_view_recovery_codes": "a page of codes",
    "mfa_download_recovery_codes": "a download",
    "wagtaildocs_serve": "a download",
    "wagtail_serve": "every page type is posted to (page:...)",
    "trials:league_export": "GET only; its parameters are tested in tests/trials/test_pages.py",
    "trials:sponsor_export": "GET only; its parameters are tested in tests/trials/test_pages.py",
}


def _public_url_names() -> set[str]:
    def walk(patterns, prefix="", namespaces=()):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(
                    entry.url_patterns,
                    prefix + str(entry.pattern),
                    namespaces + ((entry.namespace,) if entry.namespace else ()),
                )
            elif isinstance(entry, URLPattern) and entry.name:
                yield prefix + str(entry.pattern), ":".join((*namespaces, entry.name))

    return {
        name
        for pattern, name in walk(get_resolver().url_patterns)
        if not pattern.startswith("admin/")
    }


@pytest.fixture
def public_site(client, settings, site_tree):
    """Every page type, a petition asking every optional field, payments and Mailchimp's
    webhook switched on (Stripe faked), a page and the documents behind a password."""
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    settings.MAILCHIMP_WEBHOOK_SECRET = MAILCHIMP_SECRET
    home = site_tree["home"]
    site = PublicSite(client=client, settings=settings, site_tree=site_tree, stripe=fake)
    site.pages.update(
        {
            "cms.HomePage": home,
            "cms.NewsIndexPage": site_tree["news_index"],
            "cms.NewsPage": factories.NewsPageFactory(parent=site_tree["news_index"], publish=True),
            "cms.CampaignPage": factories.CampaignPageFactory(parent=home, publish=True),
            "supporters.SupportersIndexPage": factories.SupportersIndexPageFactory(
                parent=home, publish=True
            ),
            "updates.UpdatesPage": factories.UpdatesPageFactory(parent=home, publish=True),
            "donations.DonatePage": factories.DonatePageFactory(parent=home, publish=True),
            "petitions.PetitionPage": factories.PetitionPageFactory(
                parent=home, ask_postcode=True, ask_comment=True, publish=True
            ),
        }
    )
    site.pages["petition"] = site.pages["petitions.PetitionPage"]
    tracker = trials_factories.TrackerPageFactory(parent=home, publish=True)
    site.pages["trials.TrackerPage"] = tracker
    site.pages["trials.MethodologyPage"] = trials_factories.MethodologyPageFactory(
        parent=tracker, publish=True
    )
    factories.InterestFactory(name="Retired", slug="retired", active=False)
    private = factories.CampaignPageFactory(parent=home, title="Members only", publish=True)
    site.pages["restriction"] = PageViewRestriction.objects.create(
        page=private,
        restriction_type="password",
        password="letmein",  # noqa: S106
    )
    site.pages["documents"] = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(),
        restriction_type="password",
        password="letmein",  # noqa: S106
    )
    yield site
    fake.stop()


def test_every_public_address_is_posted_to_or_takes_no_form():
    posted = {target.name for target in TARGETS}
    unknown = _public_url_names() - posted - set(NOT_A_FORM)
    assert not unknown, f"public addresses this test does not post to: {sorted(unknown)}"
    from django.apps import apps

    page_types = {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, Page) and model._meta.app_label not in ("wagtailcore",)
    }
    assert page_types <= {name.removeprefix("page:") for name in posted}


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_nothing_typed_into_a_public_form_answers_a_server_error(
    target, public_site, django_capture_on_commit_callbacks
):
    if target.signed_in:
        public_site.contact()
    client = public_site.client

    field_values = form_values(target.fields)
    file_values = st.fixed_dictionaries({}, optional={name: FILES for name in target.files})

    @hypothesis_settings(
        max_examples=target.examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def submit(data):
        # Every submission starts below the rate limits, so each one reaches the form.
        for cache in caches.all():
            cache.clear()
        url = target.url(public_site, data)
        values = {name: value for name, value in data.draw(field_values, label="fields").items()}
        values = {name: value for name, value in values.items() if value is not None}
        with django_capture_on_commit_callbacks(execute=True):
            if target.body is not None:
                body, headers = target.body(data)
                response = client.post(url, body, content_type="application/json", **headers)
            elif target.method == "get":
                response = client.get(f"{url}?{urlencode(values, doseq=True)}")
            else:
                for name, content in data.draw(file_values, label="files").items():
                    values[name] = SimpleUploadedFile(f"{name}.png", content)
                response = client.post(url, values)
        assert response.status_code < 500, (url, values, response.status_code)

    submit()


# --- Every public form, sent empty, says what is missing ----------------------------------

#: Wagtail's own forms (a page's password, a private page's sign-in) keep Wagtail's words.
WAGTAILS_OWN = {
    "wagtailcore_authenticate_with_password",
    "wagtaildocs_authenticate_with_password",
    "wagtailcore_login",
}
FORMS_OF_OURS = [
    target
    for target in TARGETS
    if target.method == "post"
    and target.body is None
    and target.fields
    and (not target.name.startswith("page:") or target.name == "page:donations.DonatePage")
    and target.name not in WAGTAILS_OWN
]


@pytest.mark.parametrize("target", FORMS_OF_OURS, ids=str)
def test_a_public_form_sent_empty_says_what_is_missing_in_its_own_words(target, public_site):
    if target.signed_in:
        public_site.contact()

    @hypothesis_settings(max_examples=1, derandomize=True, database=None, deadline=None)
    @given(data=st.data())
    def submit_empty(data):
        for cache in caches.all():
            cache.clear()
        response = public_site.client.post(target.url(public_site, data), {})
        assert response.status_code < 500
        text = response.content.decode()
        assert "This field is required" not in text, target.name

    submit_empty()


def test_an_empty_signature_names_each_missing_answer_and_keeps_the_consent_short(public_site):
    petition = public_site.pages["petition"]
    text = public_site.client.post(f"/petitions/{petition.pk}/sign/", {}).content.decode()
    summary = text[text.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "Enter your email address." in summary and "Enter your name." in summary
    assert "Tick the box to agree" in summary
    # The consent sentence is the box's label, not repeated in the summary of errors.
    assert petition.consent_text[:40] not in summary
