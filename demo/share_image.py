"""The demo's default share image: drawn here with Pillow (which Wagtail already needs),
so the picture a link preview shows is the project's own and nothing is downloaded.

1200×630, the size link previews use: the logo's mark, the site's name and its
tagline, in the site's colours (static/css/site.css).
"""

from __future__ import annotations

import io
import textwrap

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image
from wagtail.models import Collection

WIDTH, HEIGHT = 1200, 630
INK = "#0f1b2d"
HIGHLIGHT = "#ffd23f"
ACCENT = "#b42318"
WHITE = "#ffffff"


def _mark(draw: ImageDraw.ImageDraw, x: int, y: int, size: int) -> None:
    """static/img/logo.svg's mark (a ticked register), drawn at (x, y), `size` square."""
    unit = size / 48
    draw.rounded_rectangle(
        (x + unit, y + unit, x + 47 * unit, y + 47 * unit), radius=9 * unit, fill=HIGHLIGHT
    )
    draw.rounded_rectangle(
        (x + 7 * unit, y + 7 * unit, x + 41 * unit, y + 41 * unit), radius=5 * unit, fill=INK
    )
    for row, length in ((16, 9), (24, 6), (32, 9)):
        draw.line(
            (x + 13 * unit, y + row * unit, x + (13 + length) * unit, y + row * unit),
            fill=HIGHLIGHT,
            width=round(3 * unit),
        )
    tick = [(x + 24 * unit, y + 25 * unit), (x + 29 * unit, y + 30 * unit)]
    tick.append((x + 39 * unit, y + 17 * unit))
    draw.line(tick, fill=WHITE, width=round(4 * unit), joint="curve")


def share_image_png(site_name: str, tagline: str) -> bytes:
    """The picture as PNG bytes."""
    picture = PILImage.new("RGB", (WIDTH, HEIGHT), INK)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=ACCENT)
    _mark(draw, 90, 90, 150)
    draw.text((270, 112), site_name, font=ImageFont.load_default(size=96), fill=WHITE)
    body = ImageFont.load_default(size=44)
    for number, line in enumerate(textwrap.wrap(tagline, width=44)[:5]):
        draw.text(
            (90, 300 + number * 58), line, font=body, fill=HIGHLIGHT if number == 0 else WHITE
        )
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def share_image_create(site_name: str, tagline: str) -> Image:
    """The picture as a Wagtail image, its title describing it (link previews use the
    title as the image's alternative text)."""
    if Collection.get_first_root_node() is None:
        # Wagtail's migrations make the root collection; a flushed database has none.
        Collection.add_root(name="Root")
    image = Image(title=f"{site_name}: {tagline}"[:255])
    image.file = ImageFile(io.BytesIO(share_image_png(site_name, tagline)), name="share-image.png")
    image.save()
    return image
