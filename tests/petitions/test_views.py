import datetime
import re

import pytest
import redis
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from petitions.models import Signature, Status
from tests.factories import ConsentWordingFactory
from tests.petitions.test_tasks import DATABASE_QUEUE
from tests.shared_cache import redis_cache  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

VALID = {"name": "Ann Example", "email": "ann@example.org", "country": "GB", "consent": "on"}


def confirm_path(message) -> str:
    return re.search(r"http://testserver(/petitions/confirm/\S+/)", message.body).group(1)


def test_the_petition_page_shows_the_ask_the_count_and_a_form_for_cached_pages(client, petition):
    response = client.get("/petition/")
    html = response.content.decode()
    assert response.status_code == 200
    assert petition.ask in html
    assert "Petition to Governments and regulators" in html
    assert "<progress" in html
    # Cacheable: the form carries no CSRF token, and a link leads to the uncached form.
    assert "csrfmiddlewaretoken" not in html
    assert "data-csrf" in html and f'href="{petition.sign_url()}"' in html
    assert petition.widget_url() in html  # the embed snippet


def test_the_light_form_page_has_a_token(client, petition):
    response = client.get(petition.sign_url())
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_sign_confirm_by_button_and_the_count_rises(client, petition, committed):
    with committed():
        response = client.post(petition.sign_url(), VALID)
    assert response.status_code == 302
    signature = Signature.objects.get()
    # The page after signing carries the signer's own referral code (and is theirs alone).
    assert response["Location"] == f"/petitions/{petition.pk}/check-email/{signature.share_code}/"
    # The redirect has no document for a content security policy; the page it leads to has one.
    assert "Content-Security-Policy" not in response
    after = client.get(response["Location"])
    assert after.status_code == 200 and "default-src" in after["Content-Security-Policy"]
    path = confirm_path(mail.outbox[0])

    # Opening the link (as a mail scanner would) changes nothing.
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm my signature" in page.content.decode()
    assert Signature.objects.get().status == Status.PENDING
    assert client.get(petition.count_json_url()).json()["count"] == 0

    with committed():
        done = client.post(path)
    assert done.status_code == 200
    assert "Your signature is confirmed" in done.content.decode()
    assert Signature.objects.get().status == Status.CONFIRMED
    assert client.get(petition.count_json_url()).json()["count"] == 1

    # Pressing again, or opening the link later, changes nothing and says thank you.
    with committed():
        again = client.post(path)
    assert again.status_code == 200
    assert Signature.objects.get().status == Status.CONFIRMED
    assert client.get(petition.count_json_url()).json()["count"] == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "x" * 101}, "at most 100 characters"),
        ({"name": "   "}, "Enter your name."),
        ({"email": "not-an-email"}, "Enter an email address like name@example.org."),
        ({"email": "a" * 250 + "@example.org"}, "at most 254 characters"),
        ({"consent": ""}, "Tick the box to agree"),
        ({"country": "XX"}, "Choose your country from the list."),
        ({"country": ""}, "Choose your country."),
        ({"postcode": "SW1A 1AA" * 3}, "at most 12 characters"),
        ({"postcode": "<script>"}, "letters, numbers and spaces"),
        ({"comment": "y" * 501}, "at most 500 characters"),
        ({"name": "Ann <b>"}, "letters, spaces and punctuation"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, petition, changes, message):
    data = {**VALID, **changes}
    data = {key: value for key, value in data.items() if value != ""}
    response = client.post(petition.sign_url(), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Signature.objects.exists()
    assert mail.outbox == []


def test_a_closed_petition_says_so_and_stores_nothing(client, petition):
    petition.closes_at = timezone.now() - datetime.timedelta(hours=1)
    petition.save_revision().publish()
    response = client.post(petition.sign_url(), VALID)
    assert response.status_code == 200
    assert "This petition has closed" in response.content.decode()
    assert not Signature.objects.exists()
    assert "This petition has closed" in client.get("/petition/").content.decode()


def test_every_outcome_gives_the_same_answer(client, petition, settings, committed):
    """New, duplicate, flagged, held, refused and honeypot submissions look alike to the
    sender: the same redirect to the same page."""
    settings.PETITION_RATE_LIMIT_EMAIL = "2/h"
    settings.PETITION_FLAG_IP = "2/h"  # the third counted attempt from one address is a flood
    settings.PETITION_RATE_LIMIT_IP = "4/h"  # beyond the fourth, held for review
    settings.PETITION_IP_CEILING = "5/h"  # beyond the fifth, refused
    answers = []
    with committed():
        answers.append(client.post(petition.sign_url(), VALID))  # new
        answers.append(client.post(petition.sign_url(), VALID))  # duplicate
        answers.append(client.post(petition.sign_url(), VALID))  # over the per-email limit
        answers.append(
            client.post(petition.sign_url(), {**VALID, "email": "b@example.org"})
        )  # flagged
        answers.append(
            client.post(petition.sign_url(), {**VALID, "email": "c@example.org"})
        )  # held
        answers.append(
            client.post(petition.sign_url(), {**VALID, "email": "d@example.org"})
        )  # refused
        answers.append(
            client.post(petition.sign_url(), {**VALID, "email": "e@example.org", "website": "spam"})
        )
    # The same page for each, with a fresh referral code each time: a repeated address is
    # not shown the code of the signature it already has.
    assert {answer.status_code for answer in answers} == {302}
    locations = [answer["Location"] for answer in answers]
    assert all(
        re.fullmatch(rf"/petitions/{petition.pk}/check-email/[a-z2-9]{{10}}/", location)
        for location in locations
    )
    assert len(set(locations)) == len(locations)
    first = Signature.objects.get(email="ann@example.org")
    assert locations[0].endswith(f"/{first.share_code}/")
    assert not any(first.share_code in location for location in locations[1:])
    assert list(
        Signature.objects.order_by("pk").values_list("email", "flagged", "confirmation_held")
    ) == [
        ("ann@example.org", False, False),
        ("b@example.org", True, False),
        ("c@example.org", True, True),
    ]


def test_the_page_every_signer_sees_says_a_busy_network_waits_longer(client, petition):
    """Held signatures get their email only once an editor accepts them; the one page every
    signer sees says so, for everyone alike."""
    page = client.get(f"/petitions/{petition.pk}/check-email/").content.decode()
    assert "If many people are signing from your network right now" in page
    assert "your email may take longer" in page


def test_honeypot_submissions_store_nothing(client, petition):
    response = client.post(petition.sign_url(), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Signature.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused_clearly(client, petition, method, committed):
    with committed():
        client.post(petition.sign_url(), VALID)
    path = confirm_path(mail.outbox[0])
    tampered = path.replace("/confirm/", "/confirm/x")
    response = getattr(client, method)(tampered)
    assert response.status_code == 400
    assert "not complete or not valid" in response.content.decode()
    assert Signature.objects.get().status == Status.PENDING


def test_an_expired_link_offers_a_new_one(client, petition, settings, committed):
    with committed():
        client.post(petition.sign_url(), VALID)
    path = confirm_path(mail.outbox[0])
    settings.PETITION_CONFIRM_LINK_DAYS = 0
    response = client.post(path)
    assert response.status_code == 400
    html = response.content.decode()
    assert "expired" in html and petition.resend_url() in html
    assert Signature.objects.get().status == Status.PENDING


def test_the_link_stops_working_when_the_signature_is_erased(client, petition, committed):
    from petitions.personal_data import erase_signatures

    with committed():
        client.post(petition.sign_url(), VALID)
    path = confirm_path(mail.outbox[0])
    erase_signatures("ann@example.org")
    assert client.post(path).status_code == 400


def test_resend_answers_the_same_for_known_and_unknown_addresses(client, petition, committed):
    with committed():
        client.post(petition.sign_url(), VALID)
        known = client.post(petition.resend_url(), {"email": "ann@example.org"})
        unknown = client.post(petition.resend_url(), {"email": "zed@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert len(mail.outbox) == 2


def test_resend_refuses_an_invalid_address(client, petition):
    response = client.post(petition.resend_url(), {"email": "nope"})
    assert "Enter an email address like name@example.org." in response.content.decode()


def test_the_json_count_and_the_widget(client, petition):
    from petitions.counts import petition_count_refresh
    from tests.factories import SignatureFactory

    SignatureFactory.create_batch(3, petition=petition, country="GB")
    SignatureFactory(petition=petition, country="FR")
    petition_count_refresh(petition.pk)
    data = client.get(petition.count_json_url()).json()
    assert data["count"] == 4 and data["goal"] == 1000 and data["by_country"] == {"GB": 3, "FR": 1}
    widget = client.get(petition.widget_url())
    assert widget.status_code == 200
    assert "X-Frame-Options" not in widget
    assert "frame-ancestors *" in widget["Content-Security-Policy"]
    assert not widget.cookies
    assert ">4</strong>" in widget.content.decode()
    # The rest of the site may not be framed.
    assert client.get("/petition/")["X-Frame-Options"] == "DENY"


def test_a_cdn_may_serve_the_count_and_the_widget_a_little_stale(client, petition, settings):
    settings.PETITION_COUNT_LAG_SECONDS = 60
    settings.PETITION_COUNT_STALE_SECONDS = 20
    for url in [petition.count_json_url(), petition.widget_url()]:
        directives = {part.strip() for part in client.get(url)["Cache-Control"].split(",")}
        # As long as a cached page may show the count: a quarter of the lag.
        assert directives == {
            "public",
            "max-age=15",
            "s-maxage=15",
            "stale-while-revalidate=20",
        }, url


def test_counts_by_country_are_shown_as_a_table(client, petition):
    from petitions.counts import petition_count_refresh
    from tests.factories import SignatureFactory

    SignatureFactory.create_batch(2, petition=petition, country="DE")
    petition_count_refresh(petition.pk)
    html = client.get("/petition/").content.decode()
    assert "Signatures by country" in html and "Germany" in html


def test_unknown_or_unpublished_petitions_are_not_found(client, petition):
    assert client.get("/petitions/999999/sign/").status_code == 404
    petition.unpublish()
    assert client.post(petition.sign_url(), VALID).status_code == 404


def test_confirm_with_an_unsupported_method_is_refused(client, petition):
    signature = Signature.objects.create(
        petition=petition,
        name="A",
        email="a@example.org",
        email_key="a@example.org",
        consent=ConsentWordingFactory(),
    )
    response = client.put(f"/petitions/confirm/{signature.confirmation_token()}/")
    assert response.status_code == 405


def test_signers_who_asked_to_be_named_are_shown_and_no_one_else(client, petition):
    from petitions.counts import petition_count_refresh
    from tests.factories import SignatureFactory

    SignatureFactory(petition=petition, name="Named Person", show_name=True, country="IE")
    SignatureFactory(petition=petition, name="Private Person", show_name=False)
    SignatureFactory(petition=petition, name="Unconfirmed Person", show_name=True, status="pending")
    SignatureFactory(petition=petition, name="Flagged Person", show_name=True, flagged=True)
    petition_count_refresh(petition.pk)
    html = client.get("/petition/").content.decode()
    assert "Recently signed" in html and "Named Person" in html and "Ireland" in html
    for hidden in ("Private Person", "Unconfirmed Person", "Flagged Person"):
        assert hidden not in html


def test_the_signature_records_the_page_it_was_signed_from(client, petition):
    client.post(petition.sign_url(), VALID, HTTP_REFERER="http://testserver/petition/?utm_x=1")
    client.post(petition.sign_url(), {**VALID, "email": "bea@example.org"})
    client.post(
        petition.sign_url(),
        {**VALID, "email": "cy@example.org"},
        HTTP_REFERER="https://elsewhere.example/page/",
    )
    sources = dict(Signature.objects.values_list("email", "source_url"))
    light_form = f"http://testserver{petition.sign_url()}"
    assert sources == {
        "ann@example.org": "http://testserver/petition/",
        "bea@example.org": light_form,
        "cy@example.org": light_form,  # another site's page is not ours to record
    }


# transaction=True: a request outside any transaction, as in production (no test savepoints).
@pytest.mark.django_db(transaction=True)
def test_a_signing_costs_one_statement_and_one_cache_round_trip(
    client,
    petition,
    redis_cache,  # noqa: F811 - the fixture imported above
    settings,
    monkeypatch,
):
    """What one signing costs, whatever the machine: on PostgreSQL with the database
    queue one SQL statement (the signature and its confirmation task together) and one
    round trip to Redis (every rate limit and flood counter at once)."""
    settings.TASKS = DATABASE_QUEUE
    settings.PAGE_CACHE_LOCAL_SECONDS = 60  # the publish generation, asked once a minute here
    client.post(petition.sign_url(), VALID)  # the first learns the petition and its wording
    sends = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counted(self, command, *args, **kwargs):
        sends.append(command)
        return send(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(petition.sign_url(), {**VALID, "email": "bea@example.org"})

    assert response.status_code == 302 and "/check-email/" in response["Location"]
    sql = [query["sql"][:40] for query in captured]
    if connection.vendor == "postgresql":
        assert len(sql) == 1, sql
    else:  # the ORM's save and enqueue: BEGIN, two INSERTs, COMMIT
        assert len(sql) <= 4, sql
    assert len(sends) == 1
    signature = Signature.objects.get(email="bea@example.org")
    confirmations = DBTaskResult.objects.filter(task_path__endswith="send_confirmation_email")
    assert sorted(row.args_kwargs["args"][0] for row in confirmations)[-1] == signature.pk
    assert confirmations.count() == Signature.objects.count() == 2
