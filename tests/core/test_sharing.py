"""The share step's links and the Mastodon chooser (core/sharing.py, core/views.py)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from core.sharing import InvalidInstance, mastodon_host, share_for

URL = "http://testserver/petition/"
CODE = "abcdefghjk"


def _shared_address(href: str) -> str:
    """The petition address inside a network's share link."""
    query = parse_qs(urlsplit(href.replace("mailto:?", "http://x/?")).query)
    for key in ("url", "u"):
        if key in query:
            return query[key][0]
    text = (query.get("text") or query.get("body"))[0]
    return text.rsplit(" ", 1)[1]


def test_every_network_link_carries_the_code_and_names_its_network():
    share = share_for(url=URL, title="Register all trials", text="I signed. Will you?", code=CODE)
    keys = [link.key for link in share.links]
    assert keys == ["email", "whatsapp", "x", "bluesky", "facebook", "linkedin"]
    for link in share.links:
        address = _shared_address(link.href)
        query = parse_qs(urlsplit(address).query)
        assert address.startswith(URL)
        assert query["ref"] == [CODE]
        assert query["utm_source"] == [link.key] and query["utm_medium"] == ["share"]
    assert share.url == f"{URL}?ref={CODE}"  # the copied link stays short
    assert parse_qs(urlsplit(share.mastodon_url).query)["utm_source"] == ["mastodon"]


def test_without_a_code_the_links_carry_none():
    share = share_for(url=URL, title="T", text="Sign", code="")
    assert share.url == URL
    assert all("ref=" not in link.href for link in share.links)


@pytest.mark.parametrize(
    "typed, host",
    [
        ("mastodon.social", "mastodon.social"),
        (" https://Mastodon.Social/ ", "mastodon.social"),
        ("@ann@scholar.social", "scholar.social"),
        ("ann@fosstodon.org", "fosstodon.org"),
    ],
)
def test_instances_as_people_type_them(typed, host):
    assert mastodon_host(typed) == host


@pytest.mark.parametrize(
    "typed",
    ["", "localhost", "mastodon.social/evil", "mastodon.social:8080", "127.0.0.1", "a b.org",
     "-bad.org", "x" * 300 + ".org", "evil.org?x=", "javascript:alert(1)"],
)  # fmt: skip
def test_anything_but_a_host_name_is_refused(typed):
    with pytest.raises(InvalidInstance):
        mastodon_host(typed)


@pytest.mark.django_db
def test_the_chooser_sends_the_visitor_to_their_instance_with_the_post_written(client):
    response = client.get(
        "/share/mastodon/",
        {"instance": "@ann@mastodon.social", "text": "I signed.", "url": f"{URL}?ref={CODE}"},
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc, location.path) == (
        "https",
        "mastodon.social",
        "/share",
    )
    assert parse_qs(location.query)["text"] == [f"I signed. {URL}?ref={CODE}"]
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_chooser_asks_again_for_a_bad_instance_and_shares_only_this_sites_links(client):
    form = client.get("/share/mastodon/", {"text": "I signed.", "url": URL})
    assert form.status_code == 200 and 'name="instance"' in form.content.decode()
    bad = client.get("/share/mastodon/", {"instance": "not a host", "text": "t", "url": URL})
    assert bad.status_code == 400
    assert "Enter a server name like mastodon.social" in bad.content.decode()
    foreign = client.get(
        "/share/mastodon/", {"instance": "mastodon.social", "url": "https://evil.example/"}
    )
    assert foreign.status_code == 400
    assert "nothing to share" in foreign.content.decode()
