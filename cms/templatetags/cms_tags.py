from django import template
from django.conf import settings
from django.template import loader
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Page, Site

from cms import languages
from cms.calls_to_action import calls_to_action
from core.urls import site_url

register = template.Library()


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.simple_tag(takes_context=True)
def site_calls_to_action(context):
    """What the feature apps ask visitors to do now: the header's buttons (cms/calls_to_action.py)."""
    return calls_to_action(_site(context))


@register.simple_tag(takes_context=True)
def call_to_action_panel(context, action):
    """The home page's section for a call to action, from the feature app's template."""
    template = loader.get_template(action.panel)
    return template.render({**action.context, "action": action}, context.get("request"))


@register.simple_tag(takes_context=True)
def main_menu(context, calls_to_action=()):
    """The pages shown in the site's main navigation: live children of the home page
    marked 'show in menus', without those a header button stands for and those not
    offered to visitors now (`SitePage.is_offered`). In another language, the children
    of the home page's translation into it (the English home where there is none)."""
    site = _site(context)
    if site is None:
        return []
    # A button stands for its page in every language: compare translation keys.
    button_ids = {action.page_id for action in calls_to_action if action.page_id}
    buttons = set(
        Page.objects.filter(pk__in=button_ids).values_list("translation_key", flat=True)
        if button_ids
        else ()
    )
    # The pages under the home page in the visitor's language (the site's own if it has
    # no translation yet).
    pages = languages.localized_home(site).get_children().live().in_menu().specific()
    return [
        page
        for page in pages
        if page.translation_key not in buttons and getattr(page, "is_offered", lambda: True)()
    ]


@register.simple_tag(takes_context=True)
def site_home(context):
    """The site's home page in the visitor's language (the default one's if untranslated)."""
    site = _site(context)
    return languages.localized_home(site) if site else None


@register.simple_tag(takes_context=True)
def language_links(context):
    """Where each language shows this page: the language switcher (cms/languages.py)."""
    return languages.language_links(context.get("request"), context.get("page"))


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """(hreflang, full address) pairs for `<link rel="alternate">`, with `x-default`."""
    return languages.alternates(language_links(context))


@register.simple_tag
def html_language_attributes():
    """`lang` and `dir` for `<html>`, from the active language: lang="es" dir="ltr"."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    direction = "rtl" if translation.get_language_bidi() else "ltr"
    return format_html('lang="{}" dir="{}"', languages.language_tag(code), direction)


@register.simple_tag
def open_graph_locale():
    """The active language as Open Graph writes it: "en_GB", "es", "de"."""
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)


@register.filter
def absolute_url(path, request):
    """`path` at the site's public address: the Wagtail site's hostname and port, which
    canonical links, the sitemap and feeds use too (whatever host the request named),
    else BASE_URL (core/urls.py)."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    site = Site.find_for_request(request) if request else None
    if site is None:
        return site_url(path)
    return site.root_url.rstrip("/") + "/" + path.lstrip("/")


@register.simple_tag
def share_image_for(page, site_settings):
    """The image link previews show: the page's own, else the site's default."""
    return getattr(page, "share_image", None) or getattr(site_settings, "default_share_image", None)
