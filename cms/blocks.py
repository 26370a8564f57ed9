"""StreamField blocks editors compose campaign pages and news from."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import ErrorList
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, Site

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "blockquote"]


class LinkValue(blocks.StructValue):
    @property
    def href(self) -> str:
        page = self.get("page")
        if page:
            return page.url or ""
        return (self.get("url") or "").strip()

    @property
    def is_offered(self) -> bool:
        """Whether the page it leads to wants visitors now (`SitePage.is_offered`: a
        donate page says no until payments are set up). Links elsewhere always are."""
        return links_offered([self])[0]


def _site_path(url: str) -> str | None:
    """The path of a link to this site ("/donate/?x=1" → "donate/"), else None."""
    url = (url or "").strip()
    if not url.startswith("/") or url.startswith("//"):
        return None
    path = urlsplit(url).path.strip("/")
    return f"{path}/" if path else ""


def links_offered(links: list[LinkValue]) -> list[bool]:
    """`LinkValue.is_offered` for each of `links`, finding their pages in one query
    (and one per page type). A path is looked up under the default site's home page."""
    wanted_ids, wanted_paths = set(), set()
    root_paths = Site.get_site_root_paths()
    root_path = root_paths[0].root_path if root_paths else None
    targets = []
    for link in links:
        page, path = link.get("page"), _site_path(link.get("url"))
        if page is not None:
            wanted_ids.add(page.pk)
            targets.append(("pk", page.pk))
        elif path is not None and root_path is not None:
            wanted_paths.add(root_path + path)
            targets.append(("path", root_path + path))
        else:
            targets.append(None)
    found_by = {}
    if wanted_ids or wanted_paths:
        pages = Page.objects.filter(Q(pk__in=wanted_ids) | Q(url_path__in=wanted_paths))
        for page in pages.specific():
            found_by["pk", page.pk] = found_by["path", page.url_path] = page
    offered = []
    for target in targets:
        page = found_by.get(target) if target else None
        offered.append(page is None or getattr(page, "is_offered", lambda: True)())
    return offered


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to an address elsewhere: exactly one of the two."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        label=_("Address"),
        help_text=_("A full address (https://…) or a path on this site (/petition/)."),
    )

    def clean(self, value):
        value = super().clean(value)
        page, url = value.get("page"), (value.get("url") or "").strip()
        errors = {}
        if bool(page) == bool(url):
            message = gettext("Choose a page or enter an address, not both.")
            errors["url"] = ErrorList([ValidationError(message)])
        elif url and not (url.startswith(("https://", "http://", "/", "mailto:"))):
            errors["url"] = ErrorList(
                [
                    ValidationError(
                        gettext("Start the address with https://, http://, / or mailto:.")
                    )
                ]
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(max_length=200)
    role = blocks.CharBlock(
        required=False, max_length=200, help_text=_("e.g. co-founder of the campaign")
    )

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=40)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        template = "components/blocks/call_to_action.html"


class FigureBlock(blocks.StructBlock):
    """One striking number: '235', 'over half', '28 April 2026'."""

    figure = blocks.CharBlock(max_length=40)
    label = blocks.CharBlock(max_length=200)
    source = blocks.CharBlock(required=False, max_length=200)
    source_url = blocks.URLBlock(required=False)

    class Meta:
        icon = "order"
        template = "components/blocks/figure.html"


class FiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    figures = blocks.ListBlock(FigureBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        label = "Figures / stats"
        template = "components/blocks/figures.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text=_(
            "Describe the image for people who cannot see it; leave blank to use the image's own description."
        ),
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"


class TimelineEventBlock(blocks.StructBlock):
    date_label = blocks.CharBlock(max_length=40, help_text=_("e.g. '2013' or '28 April 2026'"))
    title = blocks.CharBlock(max_length=160)
    text = blocks.TextBlock(required=False)


class TimelineBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    events = blocks.ListBlock(TimelineEventBlock(), min_num=1)

    class Meta:
        icon = "date"
        template = "components/blocks/timeline.html"


class SourceBlock(blocks.StructBlock):
    """Where a news item's facts come from."""

    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(label=_("Address"))
    publisher = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "link-external"


class SocialLinkValue(blocks.StructValue):
    @property
    def display_label(self) -> str:
        networks = dict(SocialLinkBlock.NETWORKS)
        return self.get("label") or networks.get(self.get("network"), gettext("Link"))


class SocialLinkBlock(blocks.StructBlock):
    NETWORKS = [
        ("bluesky", "Bluesky"),
        ("mastodon", "Mastodon"),
        ("x", "X (Twitter)"),
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("linkedin", "LinkedIn"),
        ("youtube", "YouTube"),
        ("other", _("Other")),
    ]

    network = blocks.ChoiceBlock(choices=NETWORKS)
    url = blocks.URLBlock(label=_("Address"))
    label = blocks.CharBlock(
        required=False, max_length=60, help_text=_("Shown instead of the network's name.")
    )

    class Meta:
        icon = "site"
        value_class = SocialLinkValue


class _SiteStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    quote = QuoteBlock()
    figures = FiguresBlock()
    image = ImageBlock()
    timeline = TimelineBlock()


def feature_body_blocks() -> dict[str, blocks.Block]:
    """The blocks feature apps offer for page bodies (the updates sign-up form, ...).

    Pages sit below the feature apps, so this module never imports one: settings name
    each block by its dotted path (CMS_BODY_BLOCKS), as INSTALLED_APPS names apps,
    and they are added after the site's own blocks, in that order.
    """
    return {name: import_string(path)() for name, path in settings.CMS_BODY_BLOCKS.items()}


NewsStreamBlock = type(
    "NewsStreamBlock",
    (_SiteStreamBlock,),
    {
        "__module__": __name__,
        "__doc__": "What a news item's body is made of: the site's blocks and the features'.",
        **feature_body_blocks(),
    },
)


class CampaignStreamBlock(NewsStreamBlock):
    """A campaign page's body: everything news has, plus calls to action."""

    call_to_action = CallToActionBlock()
