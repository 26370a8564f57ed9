"""The Trials tracker menu in the Wagtail admin.

- `permissions`: who may see and decide (the model permissions, minus what the admin never offers);
- `mappings`: the review queue of registry names, the review page, and confirming suggestions in bulk;
- `sponsors`: the canonical sponsors (name, kind, linked supporting organisation, counts);
- `imports`: the registry imports, read only;
- `dashboard`: how many names wait for review, on the admin home page.

Every decision goes through trials.services.sponsors, which rewrites the trials'
sponsor for the name and recounts the public records after the commit.
"""
