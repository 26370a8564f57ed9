from django import template
from wagtail.models import Site

from core.urls import site_url

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The pages shown in the site's main navigation: live children of the home page marked 'show in menus'."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return list(site.root_page.get_children().live().in_menu().specific(defer=True))


@register.simple_tag(takes_context=True)
def site_home(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.filter
def absolute_url(path, request):
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    # A page links to its own host (each site of a multi-site install to itself); with
    # no request to ask, the site's public address (core/urls.py).
    return request.build_absolute_uri(path) if request else site_url(path)


@register.simple_tag
def share_image_for(page, site_settings):
    """The image link previews show: the page's own, else the site's default."""
    return getattr(page, "share_image", None) or getattr(site_settings, "default_share_image", None)
