import pytest

from tests.factories import PetitionPageFactory


@pytest.fixture
def petition(site_tree):
    """An open, published petition under the test site's home page, at /petition/."""
    return PetitionPageFactory(
        parent=site_tree["home"],
        publish=True,
        title="Register all trials",
        slug="petition",
        goal=1000,
        ask_postcode=True,
        ask_comment=True,
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the code inside schedules after commit (emails,
    count refreshes) when the block ends, as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
