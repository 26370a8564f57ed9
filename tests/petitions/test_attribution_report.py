"""The petition report's "where signatures came from" section (petitions/admin/attribution.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions.admin.attribution import attribution_context
from petitions.models import Status
from tests.factories import OrganisationFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def section(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split("</table>", 1)[0]


def test_the_report_shows_signatures_by_source_campaign_and_referring_organisation(
    client, petition, admin_user
):
    patients = OrganisationFactory(name="Patients First")
    OrganisationFactory(name="Quiet Society")  # brought nobody: not listed
    signer = SignatureFactory(petition=petition)
    SignatureFactory.create_batch(
        3, petition=petition, referral_code=patients.share_code, utm_source="whatsapp"
    )
    SignatureFactory(petition=petition, referral_code=patients.share_code, status=Status.PENDING)
    SignatureFactory(petition=petition, referral_code=signer.share_code, utm_source="x")
    SignatureFactory.create_batch(
        2, petition=petition, utm_source="newsletter", utm_campaign="spring"
    )
    client.force_login(admin_user)

    report = client.get(f"/admin/petitions/{petition.pk}/").content.decode()
    by_source = section(report, "data-by-source")
    assert '<tr data-source="whatsapp"><td>whatsapp</td><td>3</td><td>3</td></tr>' in by_source
    assert '<tr data-source="newsletter"><td>newsletter</td><td>2</td><td>2</td></tr>' in by_source
    assert by_source.index("whatsapp") < by_source.index("newsletter")
    by_campaign = section(report, "data-by-campaign")
    assert '<tr data-campaign="spring"><td>spring</td><td>2</td><td>2</td></tr>' in by_campaign
    by_organisation = section(report, "data-by-organisation")
    assert (
        f'data-organisation="{patients.share_code}"><td>Patients First</td><td>4</td><td>3</td>'
        in by_organisation
    )
    assert "Quiet Society" not in by_organisation
    top = section(report, "data-top-referrers")
    assert top.index("Patients First") < top.index("A signer's shared link")
    assert signer.share_code in top


def test_the_section_costs_the_same_queries_whatever_the_numbers(petition):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            attribution_context(petition)
        return len(captured)

    organisation = OrganisationFactory()
    SignatureFactory(petition=petition, referral_code=organisation.share_code, utm_source="a")
    few = queries()
    for n in range(15):
        more = OrganisationFactory()
        SignatureFactory.create_batch(
            2,
            petition=petition,
            referral_code=more.share_code,
            utm_source=f"s{n}",
            utm_campaign=f"c{n}",
        )
    assert queries() == few <= 6
