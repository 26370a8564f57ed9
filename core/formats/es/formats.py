# Thousands with a full stop, as Spain writes counts: "12.400" (Django's is a
# non-breaking space, the style the RAE also allows).
THOUSAND_SEPARATOR = "."
