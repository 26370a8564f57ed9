"""The one rule for whose records an export or an erasure covers (core/identity.py)."""

import pytest
from django.contrib.auth import get_user_model

from core.identity import email_match_key, matching_email

pytestmark = pytest.mark.django_db


def test_the_key_is_the_whole_address_stripped_and_lower_cased():
    assert email_match_key("  Ann.Example+News@Example.ORG \n") == "ann.example+news@example.org"


def test_tags_and_dots_are_not_folded():
    # On many providers these are different mailboxes, often different people.
    assert email_match_key("ann+petition@example.org") != email_match_key("ann@example.org")
    assert email_match_key("a.nn@gmail.com") != email_match_key("ann@gmail.com")


def test_only_lower_case_is_folded_not_every_unicode_case_form():
    assert email_match_key("STRASSE@example.de") == "strasse@example.de"
    assert email_match_key("straße@example.de") != email_match_key("strasse@example.de")


def _users(*emails):
    User = get_user_model()
    for email in emails:
        User.objects.create_user(email=email, password="a long passphrase 1")
    return User.objects.all()


def test_matching_finds_the_address_in_any_case_and_nobody_else():
    users = _users("ANN@example.org", "ann+petition@example.org", "bo@example.org")
    found = matching_email(users, "email", email="  aNN@example.ORG ")
    assert list(found.values_list("email", flat=True)) == ["ANN@example.org"]


def test_matching_folds_the_case_of_letters_beyond_ascii_on_every_database():
    # SQLite's own LIKE and LOWER fold ASCII only; an address with an accented
    # capital must still be found, or its owner's erasure would leave rows behind.
    users = _users("Émile.Ñúñez@Exemple.fr", "emile.nunez@exemple.fr")
    found = matching_email(users, "email", email="émile.ñúñez@exemple.FR")
    # (the user manager lower-cases the domain when it stores the address)
    assert list(found.values_list("email", flat=True)) == ["Émile.Ñúñez@exemple.fr"]


def test_matching_any_of_several_fields():
    users = _users("ann@example.org", "bo@example.org")
    found = matching_email(users, "email", "first_name", email="BO@example.org")
    assert list(found.values_list("email", flat=True)) == ["bo@example.org"]


def test_an_empty_address_matches_nothing_not_every_erased_row():
    users = _users("ann@example.org")
    users.update(first_name="")
    assert not matching_email(users, "first_name", email="  ").exists()


def test_at_least_one_field_is_needed():
    with pytest.raises(TypeError):
        matching_email(get_user_model().objects.all(), email="ann@example.org")
