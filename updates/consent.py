"""The words people agree to when they sign up for updates, with a version label.

Change the text only together with the version: each subscriber's consent row
stores both, so we can always say what someone agreed to and when.
"""

CONSENT_VERSION = "updates-2026-11"
CONSENT_TEXT = (
    "Yes, email me updates about the campaign. I can unsubscribe at any time with the "
    "link in every email. The emails are sent through Mailchimp, which first asks me "
    "to confirm my address."
)
