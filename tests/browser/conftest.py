import copy
import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent.parent
# axe-core, pinned in package.json / package-lock.json and installed by `make axe` (npm ci).
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The sizes every screenshot is taken at, and the accessibility tests check.
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "var" / "screenshots"))
# The impacts that fail a test; axe's "minor" and "moderate" findings are reported only.
FAILING_IMPACTS = ("serious", "critical")


def _missing(message: str):
    """Skip locally, but fail under CI, where nothing may be skipped for want of a tool."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _missing("Debian's Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def fake_stripe(settings):
    """Donations on, against the fake Stripe (tests/fakes/stripe.py) on 127.0.0.1."""
    from tests.fakes.stripe import SECRET_KEY, WEBHOOK_SECRET, FakeStripe

    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    # Chromium applies the donate page's form-action to the redirect that follows the
    # POST, so the fake Checkout's origin stands in for https://checkout.stripe.com.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], fake.url]
    settings.CONTENT_SECURITY_POLICY = policy
    yield fake
    fake.stop()


# --- Accessibility (axe-core) ---------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        _missing("axe-core is not installed (make axe: npm ci, from package-lock.json)")
    return AXE_SCRIPT.read_text()


@pytest.fixture
def axe(axe_source):
    """`axe(page)` runs axe-core on the page as it is now and returns its violations
    (axe's dicts: id, impact, help, helpUrl, nodes[].target). Injected with
    page.evaluate, which the site's Content-Security-Policy (script-src 'self')
    does not govern, so the page is checked under its real policy."""

    def run(page, *, include=None) -> list[dict]:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        return page.evaluate(
            """async (include) => {
                const results = await window.axe.run(include || document, {
                    resultTypes: ["violations"],
                });
                return results.violations;
            }""",
            include,
        )

    return run


def describe_violations(violations: list[dict]) -> str:
    """One readable paragraph per violation: rule, impact, what to fix, where, and axe's help page."""
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible(axe):
    """`assert_accessible(page, "what this is")` fails the test on any serious or critical
    axe-core violation on the page as it is now, listing each with its selectors."""

    def check(page, label: str = "") -> list[dict]:
        violations = axe(page)
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        where = label or page.url
        size = page.viewport_size or {}
        assert not failing, (
            f"axe-core found {len(failing)} serious or critical violation(s) on {where} "
            f"at {size.get('width')}x{size.get('height')}:\n{describe_violations(failing)}"
        )
        return violations

    return check


# --- Screenshots ----------------------------------------------------------------------


@pytest.fixture
def screenshot(request):
    """`screenshot(page, "signed")` saves the page at desktop (1280x800) and phone (390x844)
    widths as var/screenshots/<test name>/signed-desktop.png and signed-phone.png (or
    under $SCREENSHOTS_DIR), prints the paths, returns them, and puts the page back at
    its own size. Full-page by default; full_page=False keeps to the viewport."""
    directory = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")

    def take(page, name: str, *, full_page: bool = True) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        original = page.viewport_size
        paths = []
        try:
            for label, size in VIEWPORTS.items():
                page.set_viewport_size(size)
                path = directory / f"{name}-{label}.png"
                page.screenshot(path=str(path), full_page=full_page)
                paths.append(path)
        finally:
            if original:
                page.set_viewport_size(original)
        print("screenshots:", *(str(path) for path in paths))
        return paths

    return take
