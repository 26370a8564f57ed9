# The month in full, as the site always wrote it: "1 December 2026" (Django's is "1 Dec 2026").
DATE_FORMAT = "j F Y"
