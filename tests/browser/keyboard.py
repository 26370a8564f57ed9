"""Driving a page as a keyboard user does: Tab and Shift+Tab to move, typing into fields,
Space for checkboxes and radios, Enter to follow links and press buttons, and the arrow
keys only where the platform's own pattern needs them (within a group of radios).

Every element that takes focus on the way is checked for a visible focus indicator.
"""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

# What the focused element looks like, from the browser: its role in a form, its
# label, whether it is on screen, and what shows where focus is (an outline or a
# box-shadow) with that colour's contrast against the background around it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const rgba = (colour) => {
    const found = (colour || "").match(/rgba?\\(([^)]*)\\)/);
    if (!found) return null;
    const parts = found[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const luminance = ([r, g, b]) => {
    const channel = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  // The colour behind the indicator: an outline (drawn outside the element, with its
  // offset) or a box-shadow is seen against what surrounds the element.
  let behind = [255, 255, 255, 1];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour && colour[3] > 0) { behind = colour; break; }
  }
  const contrast = (colour) => {
    const [a, b] = [luminance(colour), luminance(behind)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  let indicator = null;
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
    const colour = rgba(style.outlineColor);
    if (colour && colour[3] > 0) indicator = {kind: "outline", contrast: contrast(colour)};
  }
  if (!indicator && style.boxShadow && style.boxShadow !== "none") {
    const colour = rgba(style.boxShadow);
    if (colour && colour[3] > 0) indicator = {kind: "box-shadow", contrast: contrast(colour)};
  }
  const labels = el.labels && el.labels.length
    ? Array.from(el.labels).map((label) => label.innerText).join(" ")
    : (el.getAttribute("aria-label") || "");
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    type: (el.getAttribute("type") || "").toLowerCase(),
    id: el.id,
    name: el.getAttribute("name") || "",
    label: labels.replace(/\\s+/g, " ").trim(),
    text: (el.innerText || el.value || "").replace(/\\s+/g, " ").trim().slice(0, 80),
    href: el.getAttribute("href") || "",
    checked: !!el.checked,
    // On screen: the browser scrolls what takes focus into view.
    visible: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
    indicator: indicator,
  };
}"""


class FocusNotVisible(AssertionError):
    pass


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def describe(element: dict | None) -> str:
    if element is None:
        return "nothing (the page itself)"
    name = element["label"] or element["text"] or element["name"] or element["id"]
    return f"<{element['tag']}{' type=' + element['type'] if element['type'] else ''}> {name!r}"


# WCAG 2.2 (1.4.11, 2.4.13): a focus indicator contrasts 3:1 with what surrounds it.
INDICATOR_CONTRAST = 3.0


def assert_focus_visible(element: dict | None) -> None:
    """The element with focus is on screen and shows it: an outline or box-shadow whose
    colour contrasts at least 3:1 with the background around the element."""
    if element is None:
        return
    indicator = element["indicator"]
    if not element["visible"]:
        raise FocusNotVisible(f"focus is on {describe(element)}, which is not on screen")
    if not indicator:
        raise FocusNotVisible(f"{describe(element)} shows no outline or box-shadow on focus")
    if indicator["contrast"] < INDICATOR_CONTRAST:
        raise FocusNotVisible(
            f"the focus {indicator['kind']} of {describe(element)} contrasts only "
            f"{indicator['contrast']:.1f}:1 with the background around it (3:1 needed)"
        )


# The site scrolls smoothly (unless the visitor asks for reduced motion): what takes
# focus may take a moment to come into view.
IN_VIEW = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return true;
  const box = el.getBoundingClientRect();
  return box.bottom > 0 && box.right > 0 && box.top < window.innerHeight
    && box.left < window.innerWidth;
}"""


def tab(page, *, backwards: bool = False) -> dict | None:
    page.keyboard.press("Shift+Tab" if backwards else "Tab")
    # Not in view after the wait: reported below, with what has focus.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(IN_VIEW, timeout=2_000)
    element = focused(page)
    assert_focus_visible(element)
    return element


def tab_until(page, matches, *, limit: int = 80, backwards: bool = False) -> dict:
    """Press Tab until the focused element satisfies `matches(element)`; fail, naming
    where focus went, if it never does."""
    seen = []
    for _ in range(limit):
        element = tab(page, backwards=backwards)
        if element is not None and matches(element):
            return element
        seen.append(describe(element))
    raise AssertionError(f"never reached by Tab; focus went to: {', '.join(seen)}")


def is_button(name: str):
    pattern = re.compile(name, re.I)
    return lambda element: (
        (element["tag"] == "button" or element["type"] == "submit")
        and bool(pattern.search(element["text"]))
    )


def is_link(name: str):
    pattern = re.compile(name, re.I)
    return lambda element: element["tag"] == "a" and bool(pattern.search(element["text"]))


def _value_for(element: dict, values: dict):
    for label, value in values.items():
        if element["label"] and re.match(re.escape(label), element["label"], re.I):
            return label, value
    return None, None


def fill_form_by_keyboard(page, values: dict, *, submit: str, limit: int = 120) -> list[str]:
    """Tab through a form from where focus is, filling each field whose label starts with
    a key of `values`: text is typed, a select takes the option typed (its own type-ahead),
    a checkbox is ticked with Space when its value is True, and a radio group moves to the
    option labelled with its value (arrow keys, as within any radio group). Stops on the
    `submit` button and presses Enter. Works whatever order the fields come in; fails
    naming any field it never reached. Returns the labels filled, in order."""
    remaining = dict(values)
    filled = []
    for _ in range(limit):
        element = tab(page)
        if element is None:
            continue
        if is_button(submit)(element):
            missing = [label for label in remaining if label not in filled]
            assert not missing, f"Tab reached {submit!r} before {missing}"
            page.keyboard.press("Enter")
            return filled
        if element["type"] == "radio":
            _choose_radio(page, element, remaining, filled)
            continue
        label, value = _value_for(element, remaining)
        if label is None or label in filled:
            continue
        if element["type"] == "checkbox":
            if bool(value) != element["checked"]:
                page.keyboard.press("Space")
        elif element["tag"] == "select":
            page.keyboard.type(value)
        else:
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.type(value)
        filled.append(label)
    raise AssertionError(f"never reached the {submit!r} button by Tab")


def _choose_radio(page, element: dict, remaining: dict, filled: list) -> None:
    """In a radio group (one Tab stop), arrow to the option whose label is wanted.
    Groups are named by their options: `{"Monthly": True}` picks the "Monthly" radio."""
    wanted = [label for label, value in remaining.items() if value is True and label not in filled]
    name = element["name"]
    options = page.evaluate(
        """(name) => Array.from(document.getElementsByName(name)).map((radio) =>
            Array.from(radio.labels || []).map((l) => l.innerText.trim()).join(" "))""",
        name,
    )
    targets = [label for label in wanted if any(o.startswith(label) for o in options)]
    if not targets:
        return
    target = targets[0]
    for _ in range(len(options)):
        current = focused(page)
        if current["label"].startswith(target):
            if not current["checked"]:
                page.keyboard.press("Space")
            filled.append(target)
            return
        page.keyboard.press("ArrowDown")
        assert_focus_visible(focused(page))
    raise AssertionError(f"no radio labelled {target!r} in the group {name!r}: {options}")


def skip_to_main(page) -> None:
    """The first Tab on a fresh page shows the skip link; Enter moves focus to <main>."""
    element = tab(page)
    assert element is not None and element["tag"] == "a" and element["href"] == "#main", (
        f"the first Tab should reach a 'Skip to main content' link, not {describe(element)}"
    )
    assert re.search("skip to (the )?main content", element["text"], re.I), element
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main", (
        "Enter on the skip link should move focus to the main content"
    )
