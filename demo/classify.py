"""Guess an organisation's country and category from its name, when the name makes it clear.

An imported list often has nothing but names. Many names say where an
organisation works ("German Clinical Trials Register", "NHS Vale of York ...")
or what it is ("Royal College of ...", "... Support Group"); this module reads
those words and nothing else. A wrong guess on the public list is worse than a
blank one a moderator fills in later, so every rule here is one a reader would
agree with on sight, and anything doubtful gives "".

The rules are data: ordered lists of (pattern, value). The first pattern found
in the folded name (lower case, accents removed, see `names.fold`) decides,
so specific rules come before general ones, and a rule whose value is ""
stops a later, weaker rule from guessing ("Australasian" names two countries;
"International" makes a city in the name say nothing about the country).
Patterns are regular expressions matched on whole words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from supporters.models import Category
from supporters.names import fold

Rule = tuple[str, str]

# --- Countries ---------------------------------------------------------------

COUNTRY_RULES: list[Rule] = [
    # More than one country, or a region: say nothing.
    (r"australasian?", ""),
    (r"australian? (?:and|&) new zealand", ""),
    (r"(?:uk|britain|british|england) (?:and|&) (?:ireland|irish)", ""),
    (r"(?:ireland|irish) (?:and|&) (?:uk|britain|british)", ""),
    (r"eastern europe", ""),
    (r"(?:latin|north|south|central|pan|inter)[- ]?americ\w*", ""),
    (r"nordic|scandinavian?|asia[- ]pacific|middle east", ""),
    # Places whose names contain another country's word.
    (r"british columbia|ontario|alberta|manitoba|nova scotia|saskatchewan", "CA"),
    (r"quebec|dalhousie", "CA"),
    (r"new south wales|western australian?|south australian?|queensland|tasmania", "AU"),
    (r"new england|new york|new jersey|new mexico|new hampshire", "US"),
    (
        r"alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|"
        r"hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maryland|massachusetts|"
        r"michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|(?:north|south) "
        r"(?:carolina|dakota)|ohio|oklahoma|oregon|pennsylvania|rhode island|tennessee|texas|"
        r"utah|vermont|(?:west )?virginia|washington|wisconsin|wyoming",
        "US",
    ),
    (r"northern ireland", "GB"),
    (r"universidad del valle(?! de)", "CO"),
    # Country names, their adjectives, and legal forms used in one country only.
    (r"german|germany|deutsche[rns]?|deutschland|e\. ?v\.?", "DE"),
    (
        r"british|britain|united kingdom|u\.?k\.?|ukcrc|nhs|england|scottish|scotland|wales|welsh",
        "GB",
    ),
    (r"national institute for health and care excellence", "GB"),
    (r"american|america|usa|u\.s\.a?\.|united states", "US"),
    (r"australian?", "AU"),
    (r"new zealand", "NZ"),
    (r"norwegian|norway|norges?|norske?|i norge|landsforeningen(?! af)|nasjonalforeningen", "NO"),
    (r"italian[ao]?|italy|italia|associazione|onlus|irccs", "IT"),
    (r"spanish|spain|espanol[a]?|espana|basque|catala|catalan|catalunya|cataloni[ae]", "ES"),
    (r"belgian|belgium|belgique|belgie", "BE"),
    (r"dutch|netherlands|nederland(?:se)?|zonmw", "NL"),
    (r"canadian|canada", "CA"),
    (r"irish|ireland", "IE"),
    (r"swiss|switzerland|schweiz|schwiez|suisse", "CH"),
    (r"swedish|sweden|sverige|svensk[a]?", "SE"),
    (r"danish|denmark|danske?", "DK"),
    (r"finnish|finland|suomen|laakarin|laarkarin", "FI"),
    (r"austrian|austria|osterreich\w*", "AT"),
    (r"french|france", "FR"),
    (r"portuguese|portugal", "PT"),
    (r"mexico|mexican[ao]?|sinaloa", "MX"),
    (r"hungarian|hungary|magyar", "HU"),
    (r"russian|russia|tatarstan", "RU"),
    (r"turkish|turkey|turkiye", "TR"),
    (r"estonian?", "EE"),
    (r"iranian|iran", "IR"),
    (r"south africa|south african", "ZA"),
    (r"north korea\w*", ""),
    (r"korea|korean", "KR"),
    (r"colombia|colombian[ao]?", "CO"),
    (r"armenian?", "AM"),
    (r"nepal|nepalese|kathmandu", "NP"),
    (r"japan|japanese", "JP"),
    # Names that sound national but are not one country's.
    (r"europe|european|international|global|world|worldwide", ""),
    # Institutions and legal forms that say which country they belong to.
    (r"royal colleges?|royal national|royal society|chartered", "GB"),
    # Cities and regions.
    (r"oxford|london|york|yorkshire|cardiff|birmingham|bristol|nottingham|southampton", "GB"),
    (r"plymouth|liverpool|coventry|warwickshire|edinburgh|glasgow|manchester|bradford", "GB"),
    (r"san diego|princeton|boston|dartmouth|montgomery", "US"),
    (r"harvard|yale|stanford|johns hopkins|chicago|san francisco|los angeles", "US"),
    (r"adelaide|sydney|melbourne|brisbane", "AU"),
    (r"otago|auckland", "NZ"),
    (r"verona|rovigo|milano?", "IT"),
    (r"lisbon|lisboa", "PT"),
    (r"paris", "FR"),
    (r"berlin|charite|munich|munchen|hamburg", "DE"),
]

# --- Categories ----------------------------------------------------------------

_DISEASE = (
    r"(?:cancer|tumou?r|arthritis|sclerosis|sklerose|spondylitis|disorders?|diseases?|"
    r"syndromes?|anaemia|anemia|dementia|alzheimer'?s|parkinson'?s|asthma|allerg\w*|"
    r"epilepsy|diabetes|psoriasis|colitis|crohn'?s?|fibrosis|dystrophy|syncope|"
    r"hyperoxaluria|oxalosis|prolapse|lymphoedema|lymphedema|seizures|mesothelioma|"
    r"leuka?emia|lymphoma|myeloma|autism|rheumatism)"
)
_PATIENT_BODY = (
    r"(?:society|support|foundation|trust|association|alliance|coalition|"
    r"organi[sz]ations?|vereinigung|bund|liga|league)"
)
_PROFESSIONS = (
    r"(?:\w+ologists|\w+iatrists|\w+icians|pharmacists|pharmazeut\w*|nurses|"
    r"nurse practitioners|midwives|dietitians|dieticians|surgeons|doctors|dentists|"
    r"practitioners|homeopaths|therapists|psychotherapists|counsellors|editors|"
    r"veterinarians|radiographers|medical writers)"
)
_SPECIALTY = (
    r"(?:\w+ology|\w+ologie|\w+iatry|\w+iatrie|\w+iatrics|medicine|pharmacy|"
    r"pharmacology|therapy|psychotherapy|biochemistry|nursing)"
)
_MEMBERSHIP_BODY = (
    r"(?:association|society|federation|confederation|union|college|council|guild|"
    r"board|verein|gesellschaft|academy)"
)

CATEGORY_RULES: list[Rule] = [
    # Not a category we can name, or obviously "other".
    (r"students?'?", ""),
    (r"skeptic\w*|skeptiker|skepsis|humanists?|investment|liberal democrats?", Category.OTHER),
    (r"consumer organi[sz]ation", Category.OTHER),
    # Journals and publishers.
    (r"pharmaceutical journal|pj online|publication ethics|journals?|bulletins?", Category.JOURNAL),
    (
        r"(?:association|academy|council|society|federation|union) (?:of|for) [\w&' -]*editors",
        Category.PROFESSIONAL_BODY,
    ),
    (r"editors|publishers?|publishing", Category.JOURNAL),
    # Regulators and public bodies.
    (r"national institute for health and care excellence", Category.PUBLIC_BODY),
    (r"knowledge centre|knowledge center", Category.PUBLIC_BODY),
    (r"food (?:&|and) drug", Category.PUBLIC_BODY),
    (r"ethics committee|committee for research ethics", Category.PUBLIC_BODY),
    (r"agency|ministry of|department of health|regulatory authority", Category.PUBLIC_BODY),
    # Research funders.
    (r"research councils?|nhmrc|zonmw", Category.FUNDER),
    (r"research (?:fund|funds|funders?|funding|charities)", Category.FUNDER),
    (rf"(?:medical|health|{_DISEASE}) research (?:foundation|trust)", Category.FUNDER),
    (r"foundation for [\w' -]*research", Category.FUNDER),
    # Professional bodies whose names would otherwise read as something else.
    (r"hospital pharmac\w*", Category.PROFESSIONAL_BODY),
    (r"(?:society|association) for the study of", Category.PROFESSIONAL_BODY),
    (r"infectious diseases? (?:society|association|group)", Category.PROFESSIONAL_BODY),
    (
        r"(?:lakar|laege|lege|sykepleier|tandlaege|tannlege|farmaceut|psykolog|fysioterapeut)"
        r"(?:forbund|forening)\w*",
        Category.PROFESSIONAL_BODY,
    ),
    # Health-care providers.
    (
        r"nhs (?:foundation )?trust|clinical commissioning group|health board",
        Category.HEALTHCARE_PROVIDER,
    ),
    (r"hospitals?", Category.HEALTHCARE_PROVIDER),
    # Patient and carers' groups.
    (r"support (?:group|network)|self[- ]help|selbsthilfe|carers?'?", Category.PATIENT_GROUP),
    (
        r"(?:blind|deaf|deafened|disabled) people|treatment activists|aids coalition",
        Category.PATIENT_GROUP,
    ),
    (rf"{_DISEASE}(?: (?!research)[\w'-]+)? {_PATIENT_BODY}", Category.PATIENT_GROUP),
    (
        rf"(?:alliance|coalition|organi[sz]ation|foundation) for [\w' -]*{_DISEASE}",
        Category.PATIENT_GROUP,
    ),
    (r"(?:people|patients) against", Category.PATIENT_GROUP),
    (r"\w*forbund\w*|\w*forening\w*", Category.PATIENT_GROUP),
    # Universities and research institutes.
    (
        r"university|universidad|universitat\w*|universite|universita|universiteit",
        Category.RESEARCH,
    ),
    (
        r"trials? (?:unit|network|register|registry|centre|center)|clinical trials?|ensayos clinicos",
        Category.RESEARCH,
    ),
    (r"register|registry|cochrane", Category.RESEARCH),
    (
        r"research\b.*\b(?:centre|center|unit|institute|collaboration|collaborative)",
        Category.RESEARCH,
    ),
    (r"(?:research|trials?|review|evidence|clinical)\b.*\bnetwork", Category.RESEARCH),
    (r"institute for|institut|schools? of|(?:centre|center) (?:for|of)", Category.RESEARCH),
    (r"centro de (?:estudos|estudios|investigacion)", Category.RESEARCH),
    (r"randomi[sz]ed (?:controlled )?trials?", Category.RESEARCH),
    # Patient groups named as such.
    (r"patients?'?", Category.PATIENT_GROUP),
    # Professional bodies and royal colleges.
    (
        r"royal colleges?|(?:college|faculty|academy) (?:of|for)|chartered",
        Category.PROFESSIONAL_BODY,
    ),
    (
        r"medical associations?|medical (?:women|writers)'?s? association|public health association",
        Category.PROFESSIONAL_BODY,
    ),
    (
        r"(?:\w+ological|\w+ologic|\w+iatric|medical|veterinary|dental|nursing|pharmaceutical|"
        r"pharmacy|medicine|respiratory|intensive care) (?:association|society)",
        Category.PROFESSIONAL_BODY,
    ),
    (rf"{_MEMBERSHIP_BODY}\b.*\b{_PROFESSIONS}", Category.PROFESSIONAL_BODY),
    (rf"{_MEMBERSHIP_BODY} (?:of|for|fur) [\w&' -]*?{_SPECIALTY}", Category.PROFESSIONAL_BODY),
    (r"fachgess?ell?schaften", Category.PROFESSIONAL_BODY),
]


@cache
def _compiled(rules: tuple[Rule, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    # Whole words only: "uk" must not match inside "ukraine", nor "york" inside "yorkshire".
    return tuple((re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"), value) for pattern, value in rules)


def first_match(rules: Sequence[Rule], name: str) -> str:
    """The value of the first rule whose pattern occurs in the folded name, or ""."""
    text = " ".join(fold(name).split())
    for pattern, value in _compiled(tuple(rules)):
        if pattern.search(text):
            return str(value)
    return ""


def guess_country(name: str) -> str:
    """The ISO 3166 code of the one country the name clearly places it in, or ""."""
    return first_match(COUNTRY_RULES, name)


def guess_category(name: str) -> str:
    """The `Category` the name clearly puts it in, or ""."""
    return first_match(CATEGORY_RULES, name)


def guess_organisation(name: str) -> tuple[str, str]:
    """(country code, category) where the name makes them clear, "" where it does not:
    what the demo's import fills in for the campaign's list of names."""
    return guess_country(name), guess_category(name)
