"""Demo content for the AllTrials campaign site.

Plain data only: the loader that turns this into Wagtail pages, snippets and
settings lives elsewhere. Stream "body" values are lists of
(block_type, value) tuples matching cms.blocks.
"""

import datetime

SITE_NAME = "AllTrials"

SITE_SETTINGS = {
    "tagline": "Campaigning for every clinical trial, past and present, to be registered and to have its full results reported.",
    "footer_text": (
        "AllTrials is an international campaign for clinical trial transparency. "
        "It was started by Ben Goldacre, the BMJ, the Centre for Evidence-based Medicine, "
        "the Cochrane Collaboration, the James Lind Initiative, PLOS and Sense about Science."
    ),
    "contact_email": "hello@example.org",
    "social_links": [
        {"network": "bluesky", "url": "https://example.org/bluesky", "label": ""},
        {"network": "mastodon", "url": "https://example.org/mastodon", "label": ""},
    ],
}

JURISDICTIONS = [  # (slug, name, sort_order)
    ("uk", "UK", 10),
    ("eu", "EU", 20),
    ("usa", "USA", 30),
    ("global", "Global", 40),
]

# ---------------------------------------------------------------------------
# Home page
# ---------------------------------------------------------------------------

HOME = {
    "title": "Home",
    "seo_title": "AllTrials: registering every trial and reporting every result",
    "search_description": (
        "AllTrials wants each clinical trial on a public register, with its full "
        "methods and results published, whether the findings are positive or negative."
    ),
    "statement": (
        "Every clinical trial, past and present, should be registered, and its full "
        "methods and results made public, whatever the findings."
    ),
    "intro": (
        "Doctors, regulators and patients can only make sound decisions about "
        "treatments if they can see the whole body of evidence. When trial results "
        "are left unpublished, that picture is skewed and confidence in medical "
        "research suffers. AllTrials is a worldwide campaign to close the gap, so that "
        "every trial is on a public register and every result is shared."
    ),
    "figures": [
        {
            "figure": "Over half",
            "label": "of clinical trial results had never been reported, by our 2013 estimate",
            "source": "AllTrials estimate, 2013",
        },
        {
            "figure": "28 April 2026",
            "label": "the day new UK trial transparency rules took effect",
            "source": "MHRA and HRA",
        },
        {
            "figure": "21 days",
            "label": "the US deadline for registering a trial after its first participant is enrolled",
            "source": "Food and Drug Administration Amendments Act of 2007",
        },
        {
            "figure": "235",
            "label": "researchers brought into compliance in the US between July and November 2022",
            "source": "US Government Accountability Office report, 2023",
        },
    ],
    "actions": [
        {
            "heading": "Add your name",
            "text": (
                "Sign the petition and tell governments that registering and reporting "
                "every clinical trial must be the rule everywhere, not an optional extra."
            ),
            "button_label": "Sign the petition",
            "url": "/petition/",
        },
        {
            "heading": "Stay informed",
            "text": (
                "Get occasional updates on new rules, progress around the world and "
                "practical ways to help where you live."
            ),
            "button_label": "Sign up for updates",
            "url": "/updates/",
        },
        {
            "heading": "Fund the campaign",
            "text": (
                "Your donation helps us keep pressure on regulators, sponsors and "
                "policymakers until no trial result is left hidden."
            ),
            "button_label": "Make a donation",
            "url": "/donate/",
        },
    ],
    "body": [
        ("heading", {"text": "Who started AllTrials, and why", "level": "h2"}),
        (
            "paragraph",
            "<p>In 2013 we estimated that more than half of all clinical trial results "
            "had never been reported. AllTrials was the answer: an international "
            "initiative launched by Ben Goldacre, the <i>BMJ</i>, the Centre for "
            "Evidence-based Medicine, the Cochrane Collaboration, the James Lind "
            "Initiative, PLOS and Sense about Science.</p>",
        ),
        (
            "paragraph",
            "<p>Our aim is simple to state and hard to achieve: every clinical trial "
            "should be registered, and its complete methods and results should be "
            "reported, including when the findings are negative.</p>",
        ),
    ],
}

# ---------------------------------------------------------------------------
# Campaign pages
# ---------------------------------------------------------------------------

CAMPAIGN_PAGES = [
    {
        "slug": "why-it-matters",
        "title": "Why registration and reporting matter",
        "show_in_menus": True,
        "menu_title": "Why it matters",
        "seo_title": "Why every clinical trial must be registered and reported | AllTrials",
        "search_description": (
            "Hidden trial results skew the evidence, waste resources, let down "
            "volunteers and put lives at risk. Here is why transparency matters."
        ),
        "intro": (
            "A clinical trial that is never registered, or whose results never see "
            "the light of day, is not just a gap in the record. It changes what "
            "everyone else believes about a treatment."
        ),
        "body": [
            ("heading", {"text": "A distorted picture of the evidence", "level": "h2"}),
            (
                "paragraph",
                "<p>Trials with disappointing or awkward findings are the ones most "
                "likely to go unpublished. When only the favourable results surface, "
                "we see the data through the filter chosen by whoever holds it, and "
                "negative findings rarely reach us at all. Regulators, clinicians and "
                "doctors are then asked to judge important treatments on a partial, "
                "tilted selection of the facts.</p>",
            ),
            (
                "quote",
                {
                    "quote": (
                        "We know that trials with less flattering results…are more likely to go "
                        "missing in action than trials with positive results. And so, as a "
                        "consequence, we know that the half of the results we’re seeing are biased."
                    ),
                    "attribution": "Professor Ben Goldacre",
                    "role": "Co-founder of the AllTrials campaign",
                },
            ),
            ("heading", {"text": "Who pays the price", "level": "h2"}),
            (
                "paragraph",
                "<p>Withholding results holds back research that could save lives, "
                "squanders money and effort, stops patients and professionals from "
                "making fully informed choices, and exposes people to risks that "
                "should never be acceptable.</p>"
                "<ul>"
                "<li><b>Patients</b> face extra uncertainty at an already difficult "
                "time when they know their care rests on incomplete information.</li>"
                "<li><b>Volunteers</b> accept unknown risks when they join a trial, "
                "because nobody yet knows whether the treatment is safe or effective. "
                "They have a moral claim to learn what their participation showed.</li>"
                "<li><b>The public</b> pays for many trials. Reporting results is how "
                "researchers account for the way that money is spent.</li>"
                "</ul>",
            ),
            (
                "paragraph",
                "<p>Medicine is advancing at an unprecedented pace. Yet when results are "
                "kept back, treatments are misjudged and faith in science is worn down, "
                "just when misinformation and disinformation travel fastest.</p>",
            ),
            (
                "figures",
                {
                    "heading": "The scale of the problem, and of the response",
                    "figures": [
                        {
                            "figure": "Over half",
                            "label": "of clinical trial results never reported, as estimated in 2013",
                            "source": "AllTrials",
                            "source_url": "",
                        },
                        {
                            "figure": "21 days",
                            "label": "to register on ClinicalTrials.gov after enrolling the first participant, under US law since 2007",
                            "source": "Food and Drug Administration Amendments Act of 2007",
                            "source_url": "",
                        },
                        {
                            "figure": "235",
                            "label": "US researchers brought into compliance between July and November 2022",
                            "source": "US Government Accountability Office, 2023",
                            "source_url": "https://www.gao.gov/",
                        },
                    ],
                },
            ),
            ("heading", {"text": "A public voice for a known problem", "level": "h2"}),
            (
                "paragraph",
                "<p>The problem of missing results was no secret: the drug industry "
                "and medical organisations had long acknowledged it. What was lacking was a spark. "
                "AllTrials gave the public and professionals a single campaign through "
                "which to press for change, and the breadth of support it attracted "
                "has pushed policymakers around the world to rethink the standards "
                "researchers are held to.</p>",
            ),
            (
                "quote",
                {
                    "quote": (
                        "What the campaign did, really, was give people who are already talking "
                        "about this and doing something towards it the support—the courage "
                        "even—to keep going"
                    ),
                    "attribution": "Sile Lane",
                    "role": "A founder of the AllTrials campaign",
                },
            ),
            (
                "timeline",
                {
                    "heading": "How the rules have changed",
                    "events": [
                        {
                            "date_label": "2007",
                            "title": "US law requires trial registration",
                            "text": (
                                "The Food and Drug Administration Amendments Act sets a "
                                "21-day deadline for registering certain trials on "
                                "ClinicalTrials.gov, though it goes largely unenforced."
                            ),
                        },
                        {
                            "date_label": "2013",
                            "title": "AllTrials is launched",
                            "text": (
                                "Estimating that over half of all trial results have never "
                                "been reported, a group of researchers, journals and "
                                "charities starts the campaign."
                            ),
                        },
                        {
                            "date_label": "31 January 2023",
                            "title": "EU moves applications to CTIS",
                            "text": (
                                "The Clinical Trials Information System becomes the only way "
                                "to make a first application for a trial in the EU."
                            ),
                        },
                        {
                            "date_label": "2023",
                            "title": "US watchdog reports on compliance",
                            "text": (
                                "The Government Accountability Office finds 235 researchers "
                                "were brought into compliance between July and November 2022."
                            ),
                        },
                        {
                            "date_label": "October 2024",
                            "title": "Declaration of Helsinki updated",
                            "text": (
                                "The World Medical Association makes sharing results an "
                                "ethical obligation, including negative and inconclusive ones."
                            ),
                        },
                        {
                            "date_label": "28 April 2026",
                            "title": "UK transparency rules take effect",
                            "text": (
                                "New MHRA and HRA regulations make registration, results "
                                "summaries and feedback to participants a legal requirement."
                            ),
                        },
                    ],
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Back the call for full transparency",
                    "text": (
                        "Add your name to the petition for every trial to be registered "
                        "and every result reported."
                    ),
                    "button_label": "Sign the petition",
                    "link": {"page": None, "url": "/petition/"},
                },
            ),
        ],
    },
    {
        "slug": "next-steps",
        "title": "Next steps",
        "show_in_menus": True,
        "seo_title": "Next steps for clinical trial transparency | AllTrials",
        "search_description": (
            "Ten years of progress on trial registration and reporting, why national "
            "rules reach across borders, and what still needs to be done."
        ),
        "intro": (
            "Real progress has been made since AllTrials began, but the work will not "
            "be finished until every trial is registered and every result is reported."
        ),
        "body": [
            ("heading", {"text": "What ten years of campaigning has achieved", "level": "h2"}),
            (
                "paragraph",
                "<p>Over the past decade, trial registration and reporting have "
                "improved considerably, concrete and enforceable rule changes have "
                "followed, and the BBC has reported on the "
                "campaign's successes as a rare bright spot in research "
                "news.</p>"
                "<p>The volunteers on whom every trial depends are now more widely "
                "recognised and respected, and regulators, clinicians and doctors "
                "have better tools to care for the people they serve. Any of us "
                "could be treated with the interventions being tested today, and we "
                "are entitled to care based on decisions made with all the facts.</p>",
            ),
            ("heading", {"text": "Why national rules reach across borders", "level": "h2"}),
            (
                "paragraph",
                "<p>Many large trials run in several countries at once. If even one "
                "site sits in a country with strong rules, those rules cover results "
                "from every site. The UK has long been a popular place for drug trials "
                "thanks to the infrastructure of the NHS, so its new requirements will "
                "be felt well beyond its borders, including in places with weak laws of "
                "their own.</p>",
            ),
            ("heading", {"text": "The job is not finished", "level": "h2"}),
            (
                "paragraph",
                "<p>Our target has not changed: <b>100% of clinical trials "
                "registered</b> and <b>100% of their results reported</b>. Until we "
                "get there, there is more to do. AllTrials is also part of a wider "
                "argument for open evidence in every field, and perhaps the clearest "
                "example of the harm done when data and knowledge are kept "
                "private.</p>",
            ),
            (
                "call_to_action",
                {
                    "heading": "Follow the campaign",
                    "text": (
                        "Sign up for updates and we will tell you how things are moving "
                        "and how you can help in your area."
                    ),
                    "button_label": "Sign up for updates",
                    "link": {"page": None, "url": "/updates/"},
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Organisations behind AllTrials",
                    "text": (
                        "Royal colleges, patient groups, journals, universities and "
                        "trials units around the world support the campaign. See who "
                        "has joined, or add your organisation."
                    ),
                    "button_label": "See our supporters",
                    "link": {"page": None, "url": "/supporters/"},
                },
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy policy",
        "show_in_menus": False,
        "seo_title": "Privacy policy | AllTrials",
        "search_description": (
            "How AllTrials collects, uses and protects the personal information you "
            "give us when you sign, subscribe, donate or register an organisation."
        ),
        "intro": (
            "This page explains what personal information we collect, why we collect "
            "it and what you can ask us to do with it."
        ),
        "body": [
            ("heading", {"text": "What we collect", "level": "h2"}),
            (
                "paragraph",
                "<p>We ask only for what each action needs:</p>"
                "<ul>"
                "<li><b>Signing the petition:</b> your name, email address and the "
                "other details shown on the form.</li>"
                "<li><b>Signing up for updates:</b> your email address and any "
                "preferences you choose.</li>"
                "<li><b>Donating:</b> the details needed to process and acknowledge "
                "your gift.</li>"
                "<li><b>Registering an organisation:</b> the organisation's name and "
                "details, and contact details for the person registering it.</li>"
                "</ul>",
            ),
            ("heading", {"text": "How we use it", "level": "h2"}),
            (
                "paragraph",
                "<p>Your information is used only for the AllTrials campaign: to count "
                "and present petition signatures, to send the updates you asked for, "
                "to handle donations, and to list and contact supporting "
                "organisations. We will never sell it, and we will not share it with "
                "anyone for their own marketing.</p>"
                "<p>You can unsubscribe from updates at any time using the link in "
                "each email.</p>",
            ),
            ("heading", {"text": "Which link brought you, and sharing", "level": "h2"}),
            (
                "paragraph",
                "<p>When you sign, sign up or donate, we note which link brought you: "
                "the campaign tags some links carry (<code>utm_source</code>, "
                "<code>utm_medium</code>, <code>utm_campaign</code>, for example "
                "\u201cnewsletter\u201d) and the referral code of the person or "
                "organisation who shared it with you (<code>ref</code>). We keep these "
                "with your signature, sign-up or donation, to learn which ways of "
                "sharing work and to show partner organisations how many signatures "
                "their link brought (a number, never who). Your browser holds them "
                "only for the tab you opened (no cookie), and no other site sees them.</p>"
                "<p>After you sign, the share links we offer carry your own referral "
                "code: a short random code that says nothing about who you are. The "
                "buttons are plain links: nothing from the social networks is loaded "
                "on our pages until you choose to open one of them.</p>"
                "<p>These details are part of the copy of your information you can ask "
                "for, and are deleted when you ask us to delete your information.</p>",
            ),
            ("heading", {"text": "How long we keep it", "level": "h2"}),
            (
                "paragraph",
                "<p>We keep personal information only while the campaign needs it, or "
                "for as long as the law requires (for example, donation records).</p>",
            ),
            ("heading", {"text": "Your rights", "level": "h2"}),
            (
                "paragraph",
                "<p>You can ask us for a copy of the information we hold about you, "
                "ask us to correct it, or ask us to delete it. Email "
                '<a href="mailto:hello@example.org">hello@example.org</a> and we will '
                "respond as quickly as we can.</p>",
            ),
        ],
    },
]

# ---------------------------------------------------------------------------
# Regulatory news
# ---------------------------------------------------------------------------

NEWS_INDEX = {
    "slug": "news",
    "title": "Regulatory news",
    "show_in_menus": True,
    "menu_title": "News",
    "seo_title": "Clinical trial transparency rules around the world | AllTrials",
    "search_description": (
        "Updates on laws and rules for registering clinical trials and reporting "
        "their results in the UK, the EU, the USA and worldwide."
    ),
    "intro": (
        "Since AllTrials began, governments and professional bodies have introduced "
        "binding rules on registering trials and publishing their results. Follow the "
        "changes here, by country and by topic."
    ),
}

NEWS = [
    {
        "slug": "uk-trial-transparency-rules-in-force",
        "title": "UK makes trial registration and results reporting a legal duty",
        "date": datetime.date(2026, 4, 28),
        "jurisdiction": "uk",
        "rule_status": "in_force",
        "in_force_from": datetime.date(2026, 4, 28),
        "summary": (
            "From 28 April 2026, regulations from the MHRA and HRA require every UK "
            "clinical trial to be on a public registry, to publish summaries of its "
            "protocol and results, and to offer participants a plain-language summary "
            "of the findings. The HRA will monitor compliance and the MHRA will "
            "enforce it, with fines, imprisonment and refusal of future trials among "
            "the penalties."
        ),
        "search_description": (
            "New UK rules from 28 April 2026: public registration, results summaries, "
            "feedback to participants and penalties for sponsors who fail to comply."
        ),
        "tags": ["registration", "results reporting", "participants", "enforcement"],
        "body": [
            (
                "paragraph",
                "<p>New regulations drawn up by the Medicines and Healthcare products "
                "Regulatory Agency (MHRA) and the Health Research Authority (HRA) take "
                "effect on 28 April 2026. From that date the law requires every "
                "clinical trial in the UK to meet four sets of obligations.</p>",
            ),
            ("heading", {"text": "1. Registration on a public registry", "level": "h3"}),
            (
                "paragraph",
                "<ul>"
                "<li>Every trial must be entered on a public registry, so that UK "
                "trials can be found easily and sponsors have a ready route for "
                "sharing their results.</li>"
                "<li>The HRA works in partnership with ISRCTN, a major public registry, "
                "which simplifies registration and application for researchers.</li>"
                "<li>A listing on CTIS, the EU's Clinical Trials Information System, "
                "will not by itself be enough, because CTIS does not make it possible "
                "to tell which trials are taking place in the UK.</li>"
                "</ul>",
            ),
            ("heading", {"text": "2. Published summaries of protocol and results", "level": "h3"}),
            (
                "paragraph",
                "<ul>"
                "<li>Sponsors must publish summaries of the trial protocol and of the "
                "results through the registry where the trial is recorded.</li>"
                "<li>Writing these summaries in plain language is strongly encouraged, "
                "so that they make sense to everyone, not just specialists.</li>"
                "<li>ISRCTN and ClinicalTrials.gov, the two registries that qualify, "
                "both feed into Be Part of Research, which explains trial summaries and what "
                "they mean in more detail.</li>"
                "</ul>"
                "<p>When full, current summaries are only a few clicks away, doctors, "
                "clinicians and patients can base decisions on evidence, which can save "
                "lives as well as public money.</p>",
            ),
            ("heading", {"text": "3. Results offered to participants", "level": "h3"}),
            (
                "paragraph",
                "<ul>"
                "<li>Publishing results is not sufficient on its own: sponsors must "
                "actively offer a full summary to the people who took part.</li>"
                "<li>The summary must be in plain language and describe the results "
                "of the trial as a whole, not each person's individual results.</li>"
                "</ul>"
                "<p>Volunteers accept unknown risks so that others can benefit from "
                "safer, tested treatments. Without them, medical progress would slow "
                "dramatically. Telling them what their trial found is the minimum they "
                "are owed.</p>",
            ),
            ("heading", {"text": "4. Monitoring and enforcement", "level": "h3"}),
            (
                "paragraph",
                "<p>The HRA will monitor whether sponsors comply, and the MHRA will "
                "enforce the rules. Penalties for offences include:</p>"
                "<ul>"
                "<li>fines;</li>"
                "<li>imprisonment;</li>"
                "<li>refusal of approval for future trials where a sponsor has not "
                "complied.</li>"
                "</ul>",
            ),
            ("heading", {"text": "A transitional period", "level": "h3"}),
            (
                "paragraph",
                "<p>The changes recognise that there will be a period of transition "
                "while the new requirements bed in, and set out how enforcement will "
                "be handled during that time.</p>",
            ),
        ],
        "sources": [
            {
                "title": "Health Research Authority",
                "url": "https://www.hra.nhs.uk/",
                "publisher": "Health Research Authority",
            },
            {
                "title": "Medicines and Healthcare products Regulatory Agency",
                "url": "https://www.gov.uk/government/organisations/medicines-and-healthcare-products-regulatory-agency",
                "publisher": "GOV.UK",
            },
            {
                "title": "ISRCTN registry",
                "url": "https://www.isrctn.com/",
                "publisher": "ISRCTN",
            },
            {
                "title": "Be Part of Research",
                "url": "https://bepartofresearch.nihr.ac.uk/",
                "publisher": "National Institute for Health and Care Research",
            },
        ],
    },
    {
        "slug": "eu-ctis-single-gateway",
        "title": "EU channels all new trial applications through CTIS",
        "date": datetime.date(2023, 1, 31),
        "jurisdiction": "eu",
        "rule_status": "in_force",
        "in_force_from": datetime.date(2023, 1, 31),
        "summary": (
            "Since 31 January 2023, anyone making a first application to run a "
            "clinical trial in the European Union has had to use the Clinical Trials Information "
            "System (CTIS), a single system for submitting and assessing trials and "
            "for sharing data from trials run in the EU."
        ),
        "search_description": (
            "Since 31 January 2023, the EU's Clinical Trials Information System (CTIS) "
            "has been the only route for new clinical trial applications."
        ),
        "tags": ["registration", "results reporting"],
        "body": [
            (
                "paragraph",
                "<p>The European Union has made it simpler to register clinical trials "
                "and report on them. Every new application to run a trial in the EU, "
                "starting from 31 January 2023, has had to be made through the "
                "Clinical Trials Information System (CTIS).</p>",
            ),
            ("heading", {"text": "One route in", "level": "h2"}),
            (
                "paragraph",
                "<p>CTIS is now the sole entry point for three stages of the "
                "process:</p>"
                "<ul>"
                "<li>submission of the application;</li>"
                "<li>its assessment;</li>"
                "<li>dissemination of data from trials conducted in the EU.</li>"
                "</ul>",
            ),
            ("heading", {"text": "How it relates to the UK", "level": "h2"}),
            (
                "paragraph",
                "<p>Under the UK rules that take effect on 28 April 2026, registering "
                "a trial in CTIS alone will not satisfy UK requirements, because CTIS "
                "does not allow trials running in the UK to be identified.</p>",
            ),
        ],
        "sources": [
            {
                "title": "EU Clinical Trials website (CTIS)",
                "url": "https://euclinicaltrials.eu/",
                "publisher": "European Medicines Agency",
            },
            {
                "title": "European Medicines Agency",
                "url": "https://www.ema.europa.eu/",
                "publisher": "European Medicines Agency",
            },
        ],
    },
    {
        "slug": "usa-gao-report-trial-compliance",
        "title": "US watchdog finds 235 researchers brought into compliance",
        "date": datetime.date(2023, 12, 31),
        "jurisdiction": "usa",
        "rule_status": "enforced",
        "in_force_from": None,
        "summary": (
            "A US law from 2007 required certain trials to be registered on "
            "ClinicalTrials.gov no more than 21 days after the first participant "
            "enrolled, but it was never properly enforced. A 2023 Government "
            "Accountability Office report shows that, from July to November 2022, 235 researchers "
            "were brought into compliance with registration and reporting rules."
        ),
        "search_description": (
            "A 2023 GAO report found 235 US researchers were brought into compliance "
            "with trial registration and reporting rules in July to November 2022."
        ),
        "tags": ["registration", "results reporting", "enforcement"],
        "body": [
            ("heading", {"text": "A law that went unenforced", "level": "h2"}),
            (
                "paragraph",
                "<p>The Food and Drug Administration Amendments Act of 2007 (FDAAA) "
                "obliged sponsors of drug and device trials funded by the National "
                "Institutes of Health (NIH) to register those trials on "
                "ClinicalTrials.gov no later than 21 days after enrolling the first "
                "participant. In practice, the requirement was never effectively "
                "enforced.</p>",
            ),
            ("heading", {"text": "Signs of change", "level": "h2"}),
            (
                "paragraph",
                "<p>In 2023 the Government Accountability Office (GAO) published a "
                "report showing that, over July to November 2022, the agency had "
                "brought 235 researchers into compliance with the registration and "
                "reporting requirements: a sign that the rules can work when they are "
                "actually enforced.</p>",
            ),
        ],
        "sources": [
            {
                "title": "U.S. Government Accountability Office",
                "url": "https://www.gao.gov/",
                "publisher": "U.S. Government Accountability Office",
            },
            {
                "title": "ClinicalTrials.gov",
                "url": "https://clinicaltrials.gov/",
                "publisher": "U.S. National Library of Medicine",
            },
        ],
    },
    {
        "slug": "declaration-of-helsinki-2024-update",
        "title": "Declaration of Helsinki makes sharing results an ethical duty",
        "date": datetime.date(2024, 10, 31),
        "jurisdiction": "global",
        "rule_status": "adopted",
        "in_force_from": None,
        "summary": (
            "In October 2024, the 75th World Medical Association General Assembly "
            "updated the Declaration of Helsinki. Sharing results is now an "
            "ethical obligation; findings that are negative or inconclusive should be "
            "published, all affiliations should be disclosed, and research that "
            "ignores these principles should be refused publication."
        ),
        "search_description": (
            "The October 2024 update to the Declaration of Helsinki makes publishing "
            "trial results, including negative ones, an ethical obligation."
        ),
        "tags": ["results reporting", "publication", "ethics"],
        "body": [
            (
                "paragraph",
                "<p>At the 75th General Assembly of the World Medical Association in "
                "October 2024, the Declaration of Helsinki, which sets standards for "
                "medical practice around the world, was revised in a way that puts "
                "transparency at its heart.</p>",
            ),
            ("heading", {"text": "What the revised Declaration says", "level": "h2"}),
            (
                "paragraph",
                "<ul>"
                "<li>Sharing the results of research is an <b>ethical obligation</b>.</li>"
                "<li>Results that are negative or inconclusive should be published, "
                "not just positive ones.</li>"
                "<li>All affiliations, such as sources of funding and conflicts of "
                "interest, should be declared.</li>"
                "<li>Research that breaks these principles should be turned down for "
                "publication.</li>"
                "</ul>",
            ),
            ("heading", {"text": "Why it matters everywhere", "level": "h2"}),
            (
                "paragraph",
                "<p>Rules like these reach even countries without strong laws of their "
                "own, because many large clinical trials are international. When a "
                "study has a single site in a country with strong requirements, those "
                "requirements apply to its results from every site.</p>",
            ),
        ],
        "sources": [
            {
                "title": "World Medical Association",
                "url": "https://www.wma.net/",
                "publisher": "World Medical Association",
            },
        ],
    },
]
