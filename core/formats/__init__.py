"""Where the site's dates and numbers differ from Django's locale formats (FORMAT_MODULE_PATH).

Only what differs is here; everything else comes from Django's own formats for the
language. Templates write dates as `|date:"DATE_FORMAT"` and counts as `|floatformat:"0g"`
(or `django.utils.formats.number_format(n, force_grouping=True)` in Python), so both
follow the visitor's language: 12,400 and 1 December 2026; 12.400 and 1 de diciembre
de 2026; 12.400 and 1. Dezember 2026.
"""
