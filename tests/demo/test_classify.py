"""Country and category guessed from an organisation's name: right when given, blank when unsure."""

import re

import pytest
from django_countries import countries

from demo.classify import CATEGORY_RULES, COUNTRY_RULES, guess_category, guess_country
from demo.supporters import DEMO_ORGANISATIONS
from supporters.models import Category


def _seed_names() -> list[str]:
    return [
        line.strip() for line in DEMO_ORGANISATIONS.read_text("utf-8").splitlines() if line.strip()
    ]


@pytest.mark.parametrize(
    ("name", "country", "category"),
    [
        ("German Clinical Trials Register", "DE", Category.RESEARCH),
        ("Royal College of Psychiatrists", "GB", Category.PROFESSIONAL_BODY),
        ("Australasian College for Emergency Medicine", "", Category.PROFESSIONAL_BODY),
        ("BEUC The European Consumer Organisation", "", Category.OTHER),
        (
            "Royal Australian and New Zealand College of Psychiatrists",
            "",
            Category.PROFESSIONAL_BODY,
        ),
        ("Charité – Universitätsmedizin Berlin", "DE", Category.RESEARCH),
        ("Deutscher Psoriasis Bund e.V. (DPB)", "DE", Category.PATIENT_GROUP),
        ("Bundesverband Prostatakrebs Selbsthilfe e. V.", "DE", Category.PATIENT_GROUP),
        ("Transparency International Deutschland e.V.", "DE", ""),
        ("Asociación Española de Pediatría de Atención Primaria", "ES", ""),
        ("HLF Hørselshemmedes Landsforbund", "", Category.PATIENT_GROUP),
        ("Multippel Sklerose forbundet i Norge", "NO", Category.PATIENT_GROUP),
        ("Foreningen Skepsis (The Norwegian Skeptics Society)", "NO", Category.OTHER),
        ("The Royal College of Surgeons of England", "GB", Category.PROFESSIONAL_BODY),
        ("Oxford University Hospitals NHS Trust", "GB", Category.HEALTHCARE_PROVIDER),
        ("NHS Vale of York Clinical Commissioning Group", "GB", Category.HEALTHCARE_PROVIDER),
        ("Integrative Psychological Services of New York City", "US", ""),
        ("North Yorkshire Humanist Group", "GB", Category.OTHER),
        ("Pharmaceutical Journal (PJ Online)", "", Category.JOURNAL),
        ("World Association of Medical Editors", "", Category.PROFESSIONAL_BODY),
        ("National Rheumatoid Arthritis Society", "", Category.PATIENT_GROUP),
        ("Swiss Multiple Sclerosis Society", "CH", Category.PATIENT_GROUP),
        ("South African Medical Research Council", "ZA", Category.FUNDER),
        (
            "ZonMw, the Netherlands Organisation for Health Research and Development",
            "NL",
            Category.FUNDER,
        ),
        ("Iranian Food & Drug Organisation", "IR", Category.PUBLIC_BODY),
        ("Belgian Health Care Knowledge Centre (KCE)", "BE", Category.PUBLIC_BODY),
        ("National Institute for Health and Care Excellence (NICE)", "GB", Category.PUBLIC_BODY),
        ("Mercy Investment Services, Inc", "", Category.OTHER),
        ("Health Action International Europe", "", ""),
        (
            "International Coalition for treatment preparedness in Eastern Europe and Central Asia",
            "",
            "",
        ),
        ("Balance – Familienplanungszentrum", "", ""),
        ("Daughters of Charity, Province of St. Louise", "", ""),
        ("Laarkarin Sosiaalinen Vatsuu – Physicians for Social Responsibility", "FI", ""),
        ("Health Faculty at Universidad del Valle", "CO", Category.RESEARCH),
        ("Hospital Pediatrico de Sinaloa (HSP)", "MX", Category.HEALTHCARE_PROVIDER),
        ("Otago University Medical Students Association", "NZ", ""),
    ],
)
def test_guesses_from_the_seed_list(name, country, category):
    assert (guess_country(name), guess_category(name)) == (country, category)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        # Places whose names hold another country's word, or a city another country also has.
        ("University of British Columbia", "CA"),
        ("University of New South Wales", "AU"),
        ("University of Alabama at Birmingham", "US"),
        ("Western University, London, Ontario", "CA"),
        ("Royal College of Physicians of Ireland", "IE"),
        ("Northern Ireland Cancer Network", "GB"),
        ("British and Irish Hypertension Society", ""),
        ("Latin American Society of Hypertension", ""),
        # Whole words only: no 'uk' in Ukrainian, no 'york' in Yorkshire, no 'iran' in Tirana.
        ("Ukrainian Medical Association", ""),
        ("Tirana Medical Society", ""),
        ("International Society of Oxford Scholars", ""),
    ],
)
def test_country_rules_order_and_word_boundaries(name, country):
    assert guess_country(name) == country


@pytest.mark.parametrize(
    ("name", "category"),
    [
        (
            "British Paediatric Allergy, Immunology and Infectious Diseases Group",
            Category.PROFESSIONAL_BODY,
        ),
        ("Den norske legeforening", Category.PROFESSIONAL_BODY),
        ("Lung Cancer Research Foundation", Category.FUNDER),
        ("Chronic Pain Research Alliance", ""),
        ("National Comprehensive Cancer Network", ""),
        ("Otago University Medical Students Association", ""),
        ("Journal of Kathmandu Medical College", Category.JOURNAL),
    ],
)
def test_category_rules_prefer_the_specific_reading(name, category):
    assert guess_category(name) == category


def test_rules_are_well_formed_and_give_only_valid_values():
    for pattern, value in COUNTRY_RULES:
        re.compile(pattern)
        assert value == "" or value in countries, (pattern, value)
    for pattern, value in CATEGORY_RULES:
        re.compile(pattern)
        assert value == "" or value in Category.values, (pattern, value)


def test_seed_coverage_is_useful_and_every_guess_is_valid():
    names = _seed_names()
    guessed_countries = [guess_country(name) for name in names]
    guessed_categories = [guess_category(name) for name in names]

    assert len(names) == 320
    with_country = sum(1 for code in guessed_countries if code)
    with_category = sum(1 for value in guessed_categories if value)
    assert with_country >= 0.4 * len(names)
    assert with_category >= 0.4 * len(names)
    assert all(code in countries for code in guessed_countries if code)
    assert all(value in Category.values for value in guessed_categories if value)


def test_guesses_ignore_case_accents_and_curly_quotes():
    assert guess_country("CHARITE – UNIVERSITATSMEDIZIN BERLIN") == "DE"
    assert guess_category("Addison’s Disease Self Help Group") == Category.PATIENT_GROUP
    assert guess_category("Addison's Disease Self Help Group") == Category.PATIENT_GROUP
    assert (guess_country(""), guess_category("")) == ("", "")
