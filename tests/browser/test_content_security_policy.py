"""Public pages work under the Content Security Policy: the browser blocks nothing."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_content_security_policy(live_server, page):
    call_command("load_demo_content", "--no-translations", verbosity=0)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    for path in (
        "/",
        "/news/",
        "/why-it-matters/",
        "/supporters/",
        "/supporters/register/",
        "/accounts/login/",
        "/search/?q=trial",
        "/no-such-page/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")

    assert violations == []
    # The one script runs: the current section is marked in the menu.
    page.goto(live_server.url + "/news/")
    assert page.locator("[data-nav-path][aria-current='page']").count() == 1
