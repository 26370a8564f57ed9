"""The words people agree to when they sign up for updates with the updates form.

Edit the text freely: each sign-up records the wording it agreed to in core's store
(core/consent.py), and a new text starts a new version there by itself, so we can
always say what someone agreed to and when. The text is translated: a sign-up
records the wording in the language it was shown in (`str(CONSENT_TEXT)` while that
language is active), so each language's wording is a version of its own.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXT = _(
    "Yes, email me updates about the campaign. I can unsubscribe at any time with the "
    "link in every email. The emails are sent through Mailchimp, which first asks me "
    "to confirm my address."
)
