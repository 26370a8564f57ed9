"""Images in campaign pages and in link previews."""

import io

import pytest
from django.core.files.images import ImageFile
from lxml import html
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.factories import CampaignPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (15, 27, 45)).save(buffer, "PNG")
    return Image.objects.create(
        title="Trial volunteers at a clinic", file=ImageFile(buffer, name="clinic.png")
    )


def test_image_block_renders_with_alt_text_and_caption(client, site_tree, image):
    page = CampaignPageFactory(
        parent=site_tree["home"],
        title="With a picture",
        body=[
            (
                "image",
                {"image": image, "alt_text": "", "caption": "Volunteers make trials possible."},
            ),
            ("image", {"image": image, "alt_text": "A nurse and a volunteer", "caption": ""}),
        ],
    )

    tree = html.fromstring(client.get(page.url).content)
    images = tree.findall(".//figure[@class='image-block']/img")
    assert [img.get("alt") for img in images] == [
        "Trial volunteers at a clinic",
        "A nurse and a volunteer",
    ]
    assert images[0].get("width") == "1200"
    assert (
        tree.findtext(".//figure[@class='image-block']/figcaption")
        == "Volunteers make trials possible."
    )


def test_share_image_becomes_an_absolute_open_graph_image(client, site_tree, image):
    page = CampaignPageFactory(parent=site_tree["home"], title="Shared", share_image=image)

    tree = html.fromstring(client.get(page.url).content)
    meta = {el.get("property") or el.get("name"): el.get("content") for el in tree.iter("meta")}
    # At the site's public address (the Wagtail site's, as canonical links), not the
    # host the request happened to name.
    assert meta["og:image"].startswith("http://localhost/media/")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:card"] == "summary_large_image"
