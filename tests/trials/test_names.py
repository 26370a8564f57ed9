"""Spellings of one sponsor give one key; different sponsors keep different keys."""

import pytest

from trials.names import normalise_sponsor_name


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["Pfizer", "Pfizer Inc.", "PFIZER INC", "Pfizer, Inc"], "pfizer"),
        (
            ["University of Oxford", "Univ. of Oxford", "UNIVERSITY OF OXFORD", "Univ of Oxford"],
            "university of oxford",
        ),
        (["Johnson & Johnson", "Johnson and Johnson", "JOHNSON&JOHNSON"], "johnson and johnson"),
        (
            ["Hoffmann-La Roche", "Hoffmann-La Roche AG", "Hoffmann La Roche, AG"],
            "hoffmann la roche",
        ),
        (["Bayer", "Bayer AG", "BAYER A.G."], "bayer"),
        (["Merck Sharp & Dohme LLC", "Merck Sharp & Dohme Corp."], "merck sharp and dohme"),
        (["Sanofi", "Sanofi S.A.", "Sanofi SA"], "sanofi"),
        (["Boehringer Ingelheim", "Boehringer Ingelheim GmbH"], "boehringer ingelheim"),
        (["AstraZeneca", "AstraZeneca PLC", "Astrazeneca plc."], "astrazeneca"),
        (["Otsuka Pharmaceutical Co., Ltd.", "Otsuka Pharmaceutical"], "otsuka pharmaceutical"),
        (["Wellcome Trust Limited", "The Wellcome Trust"], "wellcome trust"),
        (["Hôpital Necker", "Hopital  Necker", "HÔPITAL NECKER"], "hopital necker"),
        (
            ["Charité – Universitätsmedizin Berlin", "Charite Universitatsmedizin Berlin"],
            "charite universitatsmedizin berlin",
        ),
        (
            ["  Assistance   Publique - Hôpitaux de Paris  "],
            "assistance publique hopitaux de paris",
        ),
    ],
)
def test_spellings_of_one_sponsor_give_one_key(spellings, key):
    assert {normalise_sponsor_name(spelling) for spelling in spellings} == {key}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("University of Oxford", "Oxford Brookes University"),
        ("Merck KGaA", "Merck Sharp & Dohme LLC"),
        ("Novartis Pharmaceuticals", "Novartis"),
    ],
)
def test_different_sponsors_keep_different_keys(one, other):
    assert normalise_sponsor_name(one) != normalise_sponsor_name(other)


def test_a_name_made_only_of_legal_words_is_kept_rather_than_emptied():
    assert normalise_sponsor_name("The") == "the"
    assert normalise_sponsor_name("Co. Ltd.") == "co ltd"


def test_empty_and_punctuation_only_names_give_an_empty_key():
    assert normalise_sponsor_name("") == ""
    assert normalise_sponsor_name(" ,.- ") == ""
