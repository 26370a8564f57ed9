"""Every public page, in each state a visitor meets it (forms with their errors shown,
signed, confirmed, closed, donations on and off, signed in as an organisation), passes
axe-core with no serious or critical violation, at desktop and at phone width, never
scrolls sideways (WCAG 1.4.10, reflow), and has no reference by id (aria-describedby,
label for, ...) that leads nowhere. A full-page screenshot of each state is
saved under var/screenshots/accessibility-<width>/.

One test per width visits them all on the demo site and reports every failing page
at once, so a run shows the whole picture rather than the first page that fails.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from petitions.models import PetitionPage
from tests.browser.conftest import FAILING_IMPACTS, SCREENSHOTS, VIEWPORTS, describe_violations
from tests.factories import OrganisationFactory

PASSWORD = "a-Long-and-unusual-passphrase-42"


def submit_without_browser_checks(page, button: str) -> None:
    """Press a form's button with the browser's own validation off, so the server's
    error messages are what the visitor sees (as in a browser that does not check)."""
    page.evaluate("() => document.querySelectorAll('form').forEach((f) => (f.noValidate = true))")
    page.locator("main").get_by_role("button", name=button).first.click()
    page.wait_for_load_state("load")


class Audit:
    """Visits pages and keeps every serious or critical axe-core violation, by page."""

    def __init__(self, page, axe, base_url: str, screenshots=None):
        self.page, self.axe, self.base_url = page, axe, base_url
        self.screenshots = screenshots
        self.failures: dict[str, list[dict]] = {}
        self.checked: list[str] = []

    def visit(self, path: str, label: str = "") -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None
        self.page.wait_for_load_state("load")
        self.check(label or path)

    def check(self, label: str) -> None:
        failing = [v for v in self.axe(self.page) if v["impact"] in FAILING_IMPACTS]
        wider = self.page.evaluate(WIDER_THAN_THE_SCREEN)
        if wider:
            failing.append(
                {
                    "id": "reflow",
                    "impact": "serious",
                    "help": "Content must not scroll sideways at 320 CSS pixels and up "
                    "(WCAG 1.4.10); these stick out past the screen's edge",
                    "helpUrl": "https://www.w3.org/WAI/WCAG22/Understanding/reflow.html",
                    "nodes": [{"target": [selector]} for selector in wider],
                }
            )
        broken = self.page.evaluate(BROKEN_REFERENCES)
        if broken:
            failing.append(
                {
                    "id": "broken-reference",
                    "impact": "serious",
                    "help": "aria-describedby, aria-labelledby, aria-controls and label[for] "
                    "must name one element on the page, or a screen reader says nothing "
                    "of the help text or error they point to",
                    "helpUrl": "https://www.w3.org/WAI/WCAG22/Techniques/aria/ARIA1",
                    "nodes": [{"target": [reference]} for reference in broken],
                }
            )
        self.checked.append(label)
        if failing:
            self.failures[f"{label} ({self.page.url})"] = failing
        if self.screenshots:
            self.screenshots.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w]+", "-", label).strip("-")
            self.page.screenshot(
                path=str(self.screenshots / f"{len(self.checked):02d}-{name}.png"), full_page=True
            )

    def report(self) -> str:
        return "\n\n".join(
            f"== {where}\n{describe_violations(violations)}"
            for where, violations in self.failures.items()
        )


# References by id that lead nowhere, or to more than one element (axe-core leaves
# these to "needs review"): described-by help and errors that are never announced.
BROKEN_REFERENCES = """() => {
  const broken = [];
  const attributes = ["aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"];
  for (const el of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(",") + ",label[for]")) {
    for (const attribute of [...attributes, "for"]) {
      const value = el.getAttribute(attribute);
      if (!value) continue;
      for (const id of value.split(/\\s+/).filter(Boolean)) {
        const found = document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length;
        if (found !== 1) {
          const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
          broken.push(`${name}[${attribute}] -> #${id} (${found ? found + " elements" : "missing"})`);
        }
      }
    }
  }
  return broken;
}"""


# Elements that reach past the right edge of the screen, when the page scrolls
# sideways: the outermost few, as selectors.
WIDER_THAN_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const selector = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + Array.from(el.classList).map((name) => "." + name).join("");
  const sticking = Array.from(document.querySelectorAll("body *")).filter(
    (el) => el.getBoundingClientRect().right > width + 1);
  const outermost = sticking.filter((el) => !sticking.includes(el.parentElement));
  return outermost.slice(0, 5).map((el) => {
    const path = [];
    for (let node = el; node && node !== document.body && path.length < 3; node = node.parentElement)
      path.unshift(selector(node));
    return path.join(" > ");
  });
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_every_public_page_passes_axe(
    width, live_server, browser, axe, settings, django_user_model, fake_stripe
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("load_demo_content", verbosity=0)
    context = browser.new_context(viewport=VIEWPORTS[width], is_mobile=width == "phone")
    page = context.new_page()
    page.set_default_timeout(15_000)
    audit = Audit(page, axe, live_server.url, screenshots=SCREENSHOTS / f"accessibility-{width}")
    petition = PetitionPage.objects.live().get(locale__language_code=settings.LANGUAGE_CODE)

    # Reading.
    audit.visit("/", "home")
    if width == "phone":
        page.locator("header").get_by_role("button", name=re.compile("menu", re.I)).click()
        audit.check("home, menu open")
    audit.visit("/why-it-matters/", "campaign page")
    audit.visit("/news/", "news index")
    audit.visit("/news/?jurisdiction=uk", "news index, filtered by jurisdiction")
    page.goto(live_server.url + "/news/")
    news_link = page.locator("main article a[href*='/news/']").first.get_attribute("href")
    audit.visit(news_link, "a news page")
    audit.visit("/search/?q=trial", "search results")
    audit.visit("/search/?q=zzzzqqq", "search with no results")
    audit.visit("/no-such-page/", "404")

    # Signing: the petition, the form's errors, check your email, confirm, confirmed.
    audit.visit(petition.url, "petition page")
    audit.visit(f"/petitions/{petition.pk}/sign/", "sign form")
    submit_without_browser_checks(page, "Sign the petition")
    expect(page.locator(".field-error").first).to_be_visible()
    audit.check("sign form with errors")
    page.get_by_label("Your name", exact=True).fill("Ada Lovelace")
    page.get_by_label("Email address", exact=True).fill("ada@example.org")
    page.get_by_label("Country", exact=True).select_option("GB")
    page.get_by_label(re.compile("^I agree")).check()
    page.locator("main").get_by_role("button", name="Sign the petition").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    audit.check("check your email")
    audit.visit(f"/petitions/{petition.pk}/resend/", "resend the link")
    link = re.search(r"https?://\S+/petitions/confirm/\S+/", mail.outbox[-1].body).group(0)
    audit.visit(link.replace(re.match(r"https?://[^/]+", link).group(0), ""), "confirm")
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", name="Thank you for signing")).to_be_visible()
    audit.check("confirmed")
    audit.visit("/petitions/confirm/not-a-real-token/", "confirm link invalid")
    audit.visit(f"/petitions/{petition.pk}/widget/", "widget")
    audit.visit(f"/petitions/{petition.pk}/widget/?size=compact", "compact widget")

    # Updates.
    audit.visit("/updates/", "updates page")
    submit_without_browser_checks(page, "Sign up")
    expect(page.locator(".field-error").first).to_be_visible()
    audit.check("updates form with errors")

    # Donations: without Stripe, then with it (the fake), its errors, thanks, cancelled.
    stripe = {
        name: getattr(settings, name)
        for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE")
    }
    settings.STRIPE_SECRET_KEY = ""
    audit.visit("/donate/", "donate page, Stripe not set up")
    for name, value in stripe.items():
        setattr(settings, name, value)
    audit.visit("/donate/", "donate page")
    submit_without_browser_checks(page, "Donate")
    expect(page.locator(".field-error").first).to_be_visible()
    audit.check("donate form with errors")
    audit.visit("/donate/thanks/", "donate thanks")
    audit.visit("/donate/cancelled/", "donate cancelled")

    # Organisations: the list, registering (and its errors), signing in, the account.
    audit.visit("/supporters/", "supporters list")
    audit.visit("/supporters/?q=patients", "supporters search")
    audit.visit("/supporters/register/", "register")
    submit_without_browser_checks(page, "Register support")
    expect(page.locator(".field-error").first).to_be_visible()
    audit.check("register with errors")
    audit.visit("/accounts/login/", "sign in")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.locator("main").get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_load_state("load")
    audit.check("sign in with an error")
    contact = django_user_model.objects.create_user(email="chair@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=contact, email=contact.email, verified=True, primary=True)
    organisation = OrganisationFactory(name="Open Results Network", owner=contact)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(contact.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_load_state("load")
    audit.visit("/supporters/account/", "organisation account")
    audit.visit(f"/supporters/account/{organisation.pk}/edit/", "edit the listing")
    audit.visit(f"/supporters/account/{organisation.pk}/withdraw/", "withdraw support")
    audit.visit("/accounts/email/", "account email")
    audit.visit("/accounts/password/change/", "account password")

    # A closed petition.
    petition.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    petition.save(update_fields=["closes_at"])
    audit.visit(petition.url, "closed petition page")
    audit.visit(f"/petitions/{petition.pk}/sign/", "sign form, petition closed")

    context.close()
    assert not audit.failures, (
        f"axe-core: serious or critical violations on {len(audit.failures)} of "
        f"{len(audit.checked)} page states at {width} width:\n\n{audit.report()}"
    )
