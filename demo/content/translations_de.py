"""German text of the demo site ("Sie" form), keyed by the English text it translates.

Each key is one translatable segment of a demo page or snippet as wagtail-localize
extracts it (demo/translations.py); the value is what German-speaking visitors read.
Names, figures and dates that read the same in German are listed too, so that every
translation is complete in the admin.
"""

SEGMENTS = {
    # Home page
    "Home": "Startseite",
    "AllTrials: registering every trial and reporting every result": (
        "AllTrials: jede Studie registriert, jedes Ergebnis veröffentlicht"
    ),
    "AllTrials wants each clinical trial on a public register, with its full methods and results published, whether the findings are positive or negative.": (
        "AllTrials will jede klinische Studie in einem öffentlichen Register sehen, mit "
        "vollständig veröffentlichten Methoden und Ergebnissen, ob positiv oder negativ."
    ),
    "Every clinical trial, past and present, should be registered, and its full methods and results made public, whatever the findings.": (
        "Jede klinische Studie, ob abgeschlossen oder laufend, sollte registriert und mit "
        "vollständigen Methoden und Ergebnissen veröffentlicht werden, ganz gleich, was sie zeigt."
    ),
    "Doctors, regulators and patients can only make sound decisions about treatments if they can see the whole body of evidence. When trial results are left unpublished, that picture is skewed and confidence in medical research suffers. AllTrials is a worldwide campaign to close the gap, so that every trial is on a public register and every result is shared.": (
        "Ärztinnen und Ärzte, Behörden und Patienten können nur dann gut über Behandlungen "
        "entscheiden, wenn sie die gesamte Evidenz sehen. Bleiben Studienergebnisse "
        "unveröffentlicht, wird dieses Bild verzerrt, und das Vertrauen in die medizinische "
        "Forschung leidet. AllTrials ist eine weltweite Kampagne, die diese Lücke schließen "
        "will: Jede Studie gehört in ein öffentliches Register, jedes Ergebnis wird geteilt."
    ),
    "Over half": "Über die Hälfte",
    "of clinical trial results had never been reported, by our 2013 estimate": (
        "der Ergebnisse klinischer Studien waren nach unserer Schätzung von 2013 nie "
        "veröffentlicht worden"
    ),
    "AllTrials estimate, 2013": "Schätzung von AllTrials, 2013",
    "28 April 2026": "28. April 2026",
    "the day new UK trial transparency rules took effect": (
        "der Tag, an dem die neuen britischen Transparenzregeln für Studien in Kraft traten"
    ),
    "MHRA and HRA": "MHRA und HRA",
    "21 days": "21 Tage",
    "the US deadline for registering a trial after its first participant is enrolled": (
        "Frist in den USA, um eine Studie nach Aufnahme der ersten Teilnehmerin oder des "
        "ersten Teilnehmers zu registrieren"
    ),
    "Food and Drug Administration Amendments Act of 2007": (
        "Food and Drug Administration Amendments Act von 2007"
    ),
    "235": "235",
    "researchers brought into compliance in the US between July and November 2022": (
        "Forschende in den USA, die zwischen Juli und November 2022 zur Einhaltung der "
        "Vorschriften gebracht wurden"
    ),
    "US Government Accountability Office report, 2023": (
        "Bericht des US Government Accountability Office, 2023"
    ),
    "Add your name": "Unterschreiben Sie",
    "Sign the petition and tell governments that registering and reporting every clinical trial must be the rule everywhere, not an optional extra.": (
        "Unterschreiben Sie die Petition und sagen Sie den Regierungen: Jede klinische Studie "
        "zu registrieren und zu veröffentlichen muss überall die Regel sein, keine Kür."
    ),
    "Sign the petition": "Petition unterschreiben",
    "Stay informed": "Auf dem Laufenden bleiben",
    "Get occasional updates on new rules, progress around the world and practical ways to help where you live.": (
        "Erhalten Sie gelegentlich Neuigkeiten zu neuen Regeln, zu Fortschritten weltweit und "
        "dazu, wie Sie vor Ort konkret helfen können."
    ),
    "Sign up for updates": "Neuigkeiten abonnieren",
    "Fund the campaign": "Die Kampagne finanzieren",
    "Your donation helps us keep pressure on regulators, sponsors and policymakers until no trial result is left hidden.": (
        "Ihre Spende hilft uns, den Druck auf Behörden, Sponsoren und Politik aufrechtzuerhalten, "
        "bis kein Studienergebnis mehr verborgen bleibt."
    ),
    "Make a donation": "Jetzt spenden",
    "Who started AllTrials, and why": "Wer AllTrials gegründet hat, und warum",
    "In 2013 we estimated that more than half of all clinical trial results had never been reported. AllTrials was the answer: an international initiative launched by Ben Goldacre, the <i>BMJ</i>, the Centre for Evidence-based Medicine, the Cochrane Collaboration, the James Lind Initiative, PLOS and Sense about Science.": (
        "2013 schätzten wir, dass mehr als die Hälfte aller Ergebnisse klinischer Studien nie "
        "veröffentlicht worden war. AllTrials war die Antwort darauf: eine internationale "
        "Initiative von Ben Goldacre, dem <i>BMJ</i>, dem Centre for Evidence-based Medicine, "
        "der Cochrane Collaboration, der James Lind Initiative, PLOS und Sense about Science."
    ),
    "Our aim is simple to state and hard to achieve: every clinical trial should be registered, and its complete methods and results should be reported, including when the findings are negative.": (
        "Unser Ziel ist leicht gesagt und schwer erreicht: Jede klinische Studie sollte "
        "registriert werden, und ihre vollständigen Methoden und Ergebnisse sollten "
        "veröffentlicht werden, auch wenn die Ergebnisse negativ sind."
    ),
    # Why it matters
    "Why registration and reporting matter": "Warum Registrierung und Veröffentlichung wichtig sind",
    "Why every clinical trial must be registered and reported | AllTrials": (
        "Warum jede klinische Studie registriert und veröffentlicht werden muss | AllTrials"
    ),
    "Hidden trial results skew the evidence, waste resources, let down volunteers and put lives at risk. Here is why transparency matters.": (
        "Verschwiegene Studienergebnisse verzerren die Evidenz, verschwenden Mittel, lassen "
        "Freiwillige im Stich und gefährden Leben. Darum ist Transparenz so wichtig."
    ),
    "Why it matters": "Warum es wichtig ist",
    "A clinical trial that is never registered, or whose results never see the light of day, is not just a gap in the record. It changes what everyone else believes about a treatment.": (
        "Eine klinische Studie, die nie registriert wird oder deren Ergebnisse nie ans Licht "
        "kommen, ist nicht nur eine Lücke in den Akten. Sie verändert, was alle anderen über "
        "eine Behandlung glauben."
    ),
    "A distorted picture of the evidence": "Ein verzerrtes Bild der Evidenz",
    "Trials with disappointing or awkward findings are the ones most likely to go unpublished. When only the favourable results surface, we see the data through the filter chosen by whoever holds it, and negative findings rarely reach us at all. Regulators, clinicians and doctors are then asked to judge important treatments on a partial, tilted selection of the facts.": (
        "Gerade Studien mit enttäuschenden oder unbequemen Ergebnissen bleiben am häufigsten "
        "unveröffentlicht. Kommen nur die günstigen Ergebnisse ans Licht, sehen wir die Daten "
        "durch den Filter derer, die sie besitzen, und negative Ergebnisse erreichen uns kaum. "
        "Behörden, Klinikerinnen und Ärzte sollen dann wichtige Behandlungen auf Grundlage "
        "einer lückenhaften, schiefen Auswahl der Fakten beurteilen."
    ),
    "We know that trials with less flattering results…are more likely to go missing in action than trials with positive results. And so, as a consequence, we know that the half of the results we’re seeing are biased.": (
        "Wir wissen, dass Studien mit weniger schmeichelhaften Ergebnissen … eher "
        "verschwinden als Studien mit positiven Ergebnissen. Und deshalb wissen wir auch, dass "
        "die Hälfte der Ergebnisse, die wir sehen, verzerrt ist."
    ),
    "Professor Ben Goldacre": "Professor Ben Goldacre",
    "Co-founder of the AllTrials campaign": "Mitgründer der Kampagne AllTrials",
    "Who pays the price": "Wer den Preis zahlt",
    "Withholding results holds back research that could save lives, squanders money and effort, stops patients and professionals from making fully informed choices, and exposes people to risks that should never be acceptable.": (
        "Zurückgehaltene Ergebnisse bremsen Forschung, die Leben retten könnte, vergeuden Geld "
        "und Mühe, hindern Patienten und Fachleute an wirklich informierten Entscheidungen "
        "und setzen Menschen Risiken aus, die niemals hinnehmbar sein sollten."
    ),
    "<b>Patients</b> face extra uncertainty at an already difficult time when they know their care rests on incomplete information.": (
        "<b>Patientinnen und Patienten</b> tragen in einer ohnehin schweren Zeit zusätzliche "
        "Unsicherheit, wenn sie wissen, dass ihre Behandlung auf unvollständigen Informationen "
        "beruht."
    ),
    "<b>Volunteers</b> accept unknown risks when they join a trial, because nobody yet knows whether the treatment is safe or effective. They have a moral claim to learn what their participation showed.": (
        "<b>Freiwillige</b> nehmen unbekannte Risiken in Kauf, wenn sie an einer Studie "
        "teilnehmen, denn noch weiß niemand, ob die Behandlung sicher oder wirksam ist. Sie "
        "haben einen moralischen Anspruch darauf zu erfahren, was ihre Teilnahme gezeigt hat."
    ),
    "<b>The public</b> pays for many trials. Reporting results is how researchers account for the way that money is spent.": (
        "<b>Die Öffentlichkeit</b> bezahlt viele Studien. Mit der Veröffentlichung der "
        "Ergebnisse legen Forschende Rechenschaft darüber ab, wie dieses Geld verwendet wird."
    ),
    "Medicine is advancing at an unprecedented pace. Yet when results are kept back, treatments are misjudged and faith in science is worn down, just when misinformation and disinformation travel fastest.": (
        "Die Medizin macht Fortschritte wie nie zuvor. Doch wenn Ergebnisse zurückgehalten "
        "werden, werden Behandlungen falsch eingeschätzt und das Vertrauen in die Wissenschaft "
        "schwindet, gerade jetzt, da sich Fehlinformationen und Desinformation am schnellsten "
        "verbreiten."
    ),
    "The scale of the problem, and of the response": "Das Ausmaß des Problems und der Antwort darauf",
    "of clinical trial results never reported, as estimated in 2013": (
        "der Ergebnisse klinischer Studien nie veröffentlicht, nach der Schätzung von 2013"
    ),
    "AllTrials": "AllTrials",
    "to register on ClinicalTrials.gov after enrolling the first participant, under US law since 2007": (
        "für die Registrierung auf ClinicalTrials.gov nach Aufnahme der ersten "
        "Teilnehmerin oder des ersten Teilnehmers, nach US-Recht seit 2007"
    ),
    "US researchers brought into compliance between July and November 2022": (
        "Forschende in den USA, die zwischen Juli und November 2022 zur Einhaltung der "
        "Vorschriften gebracht wurden"
    ),
    "US Government Accountability Office, 2023": "US Government Accountability Office, 2023",
    "A public voice for a known problem": "Eine öffentliche Stimme für ein bekanntes Problem",
    "The problem of missing results was no secret: the drug industry and medical organisations had long acknowledged it. What was lacking was a spark. AllTrials gave the public and professionals a single campaign through which to press for change, and the breadth of support it attracted has pushed policymakers around the world to rethink the standards researchers are held to.": (
        "Das Problem fehlender Ergebnisse war kein Geheimnis: Pharmaindustrie und "
        "medizinische Organisationen hatten es längst eingeräumt. Es fehlte ein Funke. "
        "AllTrials gab Öffentlichkeit und Fachleuten eine gemeinsame Kampagne, um Veränderung "
        "einzufordern, und die breite Unterstützung hat Entscheidungsträger weltweit dazu "
        "gebracht, die Maßstäbe für Forschende neu zu überdenken."
    ),
    "What the campaign did, really, was give people who are already talking about this and doing something towards it the support—the courage even—to keep going": (
        "Was die Kampagne eigentlich bewirkt hat: Sie hat Menschen, die schon darüber "
        "sprachen und etwas dafür taten, die Unterstützung gegeben – sogar den Mut –, "
        "weiterzumachen"
    ),
    "Sile Lane": "Síle Lane",
    "A founder of the AllTrials campaign": "Eine der Gründerinnen der Kampagne AllTrials",
    "How the rules have changed": "Wie sich die Regeln verändert haben",
    "2007": "2007",
    "US law requires trial registration": "US-Gesetz verlangt die Registrierung von Studien",
    "The Food and Drug Administration Amendments Act sets a 21-day deadline for registering certain trials on ClinicalTrials.gov, though it goes largely unenforced.": (
        "Der Food and Drug Administration Amendments Act setzt eine Frist von 21 Tagen für "
        "die Registrierung bestimmter Studien auf ClinicalTrials.gov, die jedoch kaum "
        "durchgesetzt wird."
    ),
    "2013": "2013",
    "AllTrials is launched": "AllTrials wird gegründet",
    "Estimating that over half of all trial results have never been reported, a group of researchers, journals and charities starts the campaign.": (
        "Nach der Schätzung, dass über die Hälfte aller Studienergebnisse nie veröffentlicht "
        "wurde, startet eine Gruppe von Forschenden, Fachzeitschriften und gemeinnützigen "
        "Organisationen die Kampagne."
    ),
    "31 January 2023": "31. Januar 2023",
    "EU moves applications to CTIS": "EU verlegt Anträge in das CTIS",
    "The Clinical Trials Information System becomes the only way to make a first application for a trial in the EU.": (
        "Das Clinical Trials Information System wird der einzige Weg, in der EU einen "
        "Erstantrag für eine Studie zu stellen."
    ),
    "2023": "2023",
    "US watchdog reports on compliance": "US-Kontrollbehörde berichtet über die Einhaltung",
    "The Government Accountability Office finds 235 researchers were brought into compliance between July and November 2022.": (
        "Das Government Accountability Office stellt fest, dass zwischen Juli und November "
        "2022 235 Forschende zur Einhaltung der Vorschriften gebracht wurden."
    ),
    "October 2024": "Oktober 2024",
    "Declaration of Helsinki updated": "Deklaration von Helsinki überarbeitet",
    "The World Medical Association makes sharing results an ethical obligation, including negative and inconclusive ones.": (
        "Der Weltärztebund macht die Veröffentlichung von Ergebnissen zur ethischen Pflicht, "
        "auch bei negativen und nicht eindeutigen Ergebnissen."
    ),
    "UK transparency rules take effect": "Britische Transparenzregeln treten in Kraft",
    "New MHRA and HRA regulations make registration, results summaries and feedback to participants a legal requirement.": (
        "Neue Vorschriften von MHRA und HRA machen Registrierung, Ergebniszusammenfassungen "
        "und Rückmeldungen an die Teilnehmenden zur gesetzlichen Pflicht."
    ),
    "Back the call for full transparency": "Unterstützen Sie die Forderung nach voller Transparenz",
    "Add your name to the petition for every trial to be registered and every result reported.": (
        "Unterschreiben Sie die Petition dafür, dass jede Studie registriert und jedes "
        "Ergebnis veröffentlicht wird."
    ),
    # Next steps
    "Next steps": "Nächste Schritte",
    "Next steps for clinical trial transparency | AllTrials": (
        "Nächste Schritte für transparente klinische Studien | AllTrials"
    ),
    "Ten years of progress on trial registration and reporting, why national rules reach across borders, and what still needs to be done.": (
        "Zehn Jahre Fortschritt bei Registrierung und Veröffentlichung von Studien, warum "
        "nationale Regeln über Grenzen hinweg wirken und was noch zu tun ist."
    ),
    "Real progress has been made since AllTrials began, but the work will not be finished until every trial is registered and every result is reported.": (
        "Seit dem Start von AllTrials hat sich wirklich etwas bewegt, aber die Arbeit ist erst "
        "getan, wenn jede Studie registriert und jedes Ergebnis veröffentlicht ist."
    ),
    "What ten years of campaigning has achieved": "Was zehn Jahre Kampagnenarbeit erreicht haben",
    "Over the past decade, trial registration and reporting have improved considerably, concrete and enforceable rule changes have followed, and the BBC has reported on the campaign's successes as a rare bright spot in research news.": (
        "Im vergangenen Jahrzehnt haben sich Registrierung und Veröffentlichung von Studien "
        "deutlich verbessert, konkrete und durchsetzbare Regeländerungen sind gefolgt, und die "
        "BBC hat über die Erfolge der Kampagne als seltenen Lichtblick in der "
        "Forschungsberichterstattung berichtet."
    ),
    "The volunteers on whom every trial depends are now more widely recognised and respected, and regulators, clinicians and doctors have better tools to care for the people they serve. Any of us could be treated with the interventions being tested today, and we are entitled to care based on decisions made with all the facts.": (
        "Die Freiwilligen, von denen jede Studie abhängt, werden heute stärker anerkannt und "
        "respektiert, und Behörden, Klinikerinnen und Ärzte haben bessere Mittel, um für die "
        "Menschen zu sorgen, denen sie dienen. Jede und jeder von uns könnte mit den heute "
        "erprobten Verfahren behandelt werden, und wir haben Anspruch auf eine Versorgung, "
        "die auf Entscheidungen mit allen Fakten beruht."
    ),
    "Why national rules reach across borders": "Warum nationale Regeln über Grenzen hinweg wirken",
    "Many large trials run in several countries at once. If even one site sits in a country with strong rules, those rules cover results from every site. The UK has long been a popular place for drug trials thanks to the infrastructure of the NHS, so its new requirements will be felt well beyond its borders, including in places with weak laws of their own.": (
        "Viele große Studien laufen gleichzeitig in mehreren Ländern. Liegt auch nur ein "
        "Prüfzentrum in einem Land mit strengen Regeln, gelten diese Regeln für die Ergebnisse "
        "aller Zentren. Dank der Infrastruktur des NHS ist das Vereinigte Königreich seit "
        "Langem ein beliebter Standort für Arzneimittelstudien, deshalb werden seine neuen "
        "Anforderungen weit über seine Grenzen hinaus spürbar sein, auch dort, wo die eigenen "
        "Gesetze schwach sind."
    ),
    "The job is not finished": "Die Arbeit ist nicht getan",
    "Our target has not changed: <b>100% of clinical trials registered</b> and <b>100% of their results reported</b>. Until we get there, there is more to do. AllTrials is also part of a wider argument for open evidence in every field, and perhaps the clearest example of the harm done when data and knowledge are kept private.": (
        "Unser Ziel hat sich nicht geändert: <b>100 % der klinischen Studien registriert</b> "
        "und <b>100 % ihrer Ergebnisse veröffentlicht</b>. Bis dahin bleibt viel zu tun. "
        "AllTrials ist zudem Teil eines größeren Plädoyers für offene Evidenz in allen "
        "Bereichen und vielleicht das deutlichste Beispiel dafür, welchen Schaden es anrichtet, "
        "wenn Daten und Wissen unter Verschluss bleiben."
    ),
    "Follow the campaign": "Verfolgen Sie die Kampagne",
    "Sign up for updates and we will tell you how things are moving and how you can help in your area.": (
        "Abonnieren Sie unsere Neuigkeiten, dann erfahren Sie, wie es vorangeht und wie Sie "
        "in Ihrer Region helfen können."
    ),
    "Organisations behind AllTrials": "Organisationen hinter AllTrials",
    "Royal colleges, patient groups, journals, universities and trials units around the world support the campaign. See who has joined, or add your organisation.": (
        "Fachgesellschaften, Patientenorganisationen, Fachzeitschriften, Universitäten und "
        "Studienzentren auf der ganzen Welt unterstützen die Kampagne. Sehen Sie, wer dabei "
        "ist, oder tragen Sie Ihre Organisation ein."
    ),
    "See our supporters": "Unsere Unterstützer ansehen",
    # Privacy policy
    "Privacy policy": "Datenschutzerklärung",
    "Privacy policy | AllTrials": "Datenschutzerklärung | AllTrials",
    "How AllTrials collects, uses and protects the personal information you give us when you sign, subscribe, donate or register an organisation.": (
        "Wie AllTrials die personenbezogenen Daten erhebt, nutzt und schützt, die Sie uns "
        "beim Unterschreiben, Abonnieren, Spenden oder Registrieren einer Organisation geben."
    ),
    "This page explains what personal information we collect, why we collect it and what you can ask us to do with it.": (
        "Diese Seite erklärt, welche personenbezogenen Daten wir erheben, warum wir das tun "
        "und was Sie von uns damit verlangen können."
    ),
    "What we collect": "Was wir erheben",
    "We ask only for what each action needs:": "Wir fragen nur nach dem, was die jeweilige Aktion braucht:",
    "<b>Signing the petition:</b> your name, email address and the other details shown on the form.": (
        "<b>Unterschrift unter die Petition:</b> Ihr Name, Ihre E-Mail-Adresse und die übrigen "
        "Angaben im Formular."
    ),
    "<b>Signing up for updates:</b> your email address and any preferences you choose.": (
        "<b>Abonnement der Neuigkeiten:</b> Ihre E-Mail-Adresse und die Themen, die Sie wählen."
    ),
    "<b>Donating:</b> the details needed to process and acknowledge your gift.": (
        "<b>Spenden:</b> die Angaben, die wir brauchen, um Ihre Spende abzuwickeln und zu "
        "bestätigen."
    ),
    "<b>Registering an organisation:</b> the organisation's name and details, and contact details for the person registering it.": (
        "<b>Registrierung einer Organisation:</b> Name und Angaben der Organisation sowie die "
        "Kontaktdaten der Person, die sie einträgt."
    ),
    "How we use it": "Wie wir sie nutzen",
    "Your information is used only for the AllTrials campaign: to count and present petition signatures, to send the updates you asked for, to handle donations, and to list and contact supporting organisations. We will never sell it, and we will not share it with anyone for their own marketing.": (
        "Ihre Daten werden nur für die Kampagne AllTrials genutzt: um Unterschriften zu zählen "
        "und vorzulegen, um Ihnen die gewünschten Neuigkeiten zu schicken, um Spenden "
        "abzuwickeln und um unterstützende Organisationen aufzuführen und zu kontaktieren. Wir "
        "verkaufen sie niemals und geben sie an niemanden für dessen eigene Werbung weiter."
    ),
    "You can unsubscribe from updates at any time using the link in each email.": (
        "Sie können die Neuigkeiten jederzeit über den Link in jeder E-Mail abbestellen."
    ),
    "Which link brought you, and sharing": "Welcher Link Sie zu uns gebracht hat, und Teilen",
    "When you sign, sign up or donate, we note which link brought you: the campaign tags some links carry (<code>utm_source</code>, <code>utm_medium</code>, <code>utm_campaign</code>, for example “newsletter”) and the referral code of the person or organisation who shared it with you (<code>ref</code>). We keep these with your signature, sign-up or donation, to learn which ways of sharing work and to show partner organisations how many signatures their link brought (a number, never who). Your browser holds them only for the tab you opened (no cookie), and no other site sees them.": (
        "Wenn Sie unterschreiben, abonnieren oder spenden, notieren wir, welcher Link Sie zu "
        "uns gebracht hat: die Kampagnen-Kennzeichen mancher Links (<code>utm_source</code>, "
        "<code>utm_medium</code>, <code>utm_campaign</code>, zum Beispiel „newsletter“) und den "
        "Empfehlungscode der Person oder Organisation, die ihn mit Ihnen geteilt hat "
        "(<code>ref</code>). Wir speichern sie mit Ihrer Unterschrift, Ihrem Abonnement oder "
        "Ihrer Spende, um zu erfahren, welche Wege des Teilens funktionieren, und um "
        "Partnerorganisationen zu zeigen, wie viele Unterschriften ihr Link gebracht hat (eine "
        "Zahl, nie wer). Ihr Browser behält sie nur für den geöffneten Tab (kein Cookie), und "
        "keine andere Website sieht sie."
    ),
    "After you sign, the share links we offer carry your own referral code: a short random code that says nothing about who you are. The buttons are plain links: nothing from the social networks is loaded on our pages until you choose to open one of them.": (
        "Nach Ihrer Unterschrift tragen die angebotenen Links zum Teilen Ihren eigenen "
        "Empfehlungscode: einen kurzen Zufallscode, der nichts darüber verrät, wer Sie sind. "
        "Die Schaltflächen sind einfache Links: Von den sozialen Netzwerken wird nichts auf "
        "unseren Seiten geladen, bis Sie eines davon öffnen."
    ),
    "These details are part of the copy of your information you can ask for, and are deleted when you ask us to delete your information.": (
        "Diese Angaben gehören zu der Kopie Ihrer Daten, die Sie anfordern können, und werden "
        "gelöscht, wenn Sie uns bitten, Ihre Daten zu löschen."
    ),
    "How long we keep it": "Wie lange wir sie aufbewahren",
    "We keep personal information only while the campaign needs it, or for as long as the law requires (for example, donation records).": (
        "Wir bewahren personenbezogene Daten nur so lange auf, wie die Kampagne sie braucht "
        "oder das Gesetz es verlangt (zum Beispiel bei Spendenbelegen)."
    ),
    "Your rights": "Ihre Rechte",
    'You can ask us for a copy of the information we hold about you, ask us to correct it, or ask us to delete it. Email <a id="a1">hello@example.org</a> and we will respond as quickly as we can.': (
        "Sie können von uns eine Kopie der Daten verlangen, die wir über Sie haben, und sie "
        'berichtigen oder löschen lassen. Schreiben Sie an <a id="a1">hello@example.org</a>, '
        "wir antworten so schnell wie möglich."
    ),
    # News index (the news items themselves stay in English)
    "Regulatory news": "Nachrichten zur Regulierung",
    "Clinical trial transparency rules around the world | AllTrials": (
        "Transparenzregeln für klinische Studien weltweit | AllTrials"
    ),
    "Updates on laws and rules for registering clinical trials and reporting their results in the UK, the EU, the USA and worldwide.": (
        "Neues zu Gesetzen und Regeln für die Registrierung klinischer Studien und die "
        "Veröffentlichung ihrer Ergebnisse im Vereinigten Königreich, in der EU, in den USA "
        "und weltweit."
    ),
    "News": "Nachrichten",
    "Since AllTrials began, governments and professional bodies have introduced binding rules on registering trials and publishing their results. Follow the changes here, by country and by topic.": (
        "Seit dem Start von AllTrials haben Regierungen und Fachgremien verbindliche Regeln "
        "für die Registrierung von Studien und die Veröffentlichung ihrer Ergebnisse "
        "eingeführt. Verfolgen Sie die Änderungen hier, nach Land und Thema. Die Nachrichten "
        "erscheinen auf Englisch."
    ),
    # Supporters
    "Supporting organisations": "Unterstützende Organisationen",
    "Supporters": "Unterstützer",
    "These organisations have said publicly that every clinical trial should be registered and its results reported. Patient groups, professional bodies, universities, funders and journals from around the world stand behind the campaign.": (
        "Diese Organisationen haben öffentlich erklärt, dass jede klinische Studie registriert "
        "und ihre Ergebnisse veröffentlicht werden sollten. Patientenorganisationen, "
        "Fachgesellschaften, Universitäten, Förderer und Fachzeitschriften aus aller Welt "
        "stehen hinter der Kampagne."
    ),
    "Does your organisation support the campaign? Add its name to the list: registration takes a few minutes, and a moderator checks each listing before it appears here.": (
        "Unterstützt Ihre Organisation die Kampagne? Tragen Sie sie in die Liste ein: Die "
        "Registrierung dauert wenige Minuten, und jeder Eintrag wird geprüft, bevor er hier "
        "erscheint."
    ),
    # Petition
    "All trials registered, all results reported": (
        "Alle Studien registriert, alle Ergebnisse veröffentlicht"
    ),
    "Petition": "Petition",
    "Make sure every clinical trial, past and present, is registered before it starts and has its full results reported within a year of finishing.": (
        "Sorgen Sie dafür, dass jede klinische Studie, ob abgeschlossen oder laufend, vor "
        "Beginn registriert wird und ihre vollständigen Ergebnisse innerhalb eines Jahres nach "
        "Abschluss veröffentlicht."
    ),
    "Governments and regulators": "Regierungen und Aufsichtsbehörden",
    "Half of all clinical trials have never reported their results. When results go missing, doctors, researchers and patients decide without the whole picture, and the people who volunteered for those trials are let down.": (
        "Die Hälfte aller klinischen Studien hat ihre Ergebnisse nie veröffentlicht. Fehlen "
        "Ergebnisse, entscheiden Ärztinnen, Forschende und Patienten ohne das ganze Bild, und "
        "die Menschen, die sich freiwillig für diese Studien gemeldet haben, werden im Stich "
        "gelassen."
    ),
    "Rules have improved in the UK, the EU and the USA, but they are not enforced everywhere and they do not cover the trials already done. We ask the governments and regulators who can change this to require registration and reporting for every trial, and to check that it happens.": (
        "Im Vereinigten Königreich, in der EU und in den USA sind die Regeln besser geworden, "
        "aber sie werden nicht überall durchgesetzt und gelten nicht für bereits "
        "durchgeführte Studien. Wir fordern die Regierungen und Behörden, die das ändern "
        "können, auf, Registrierung und Veröffentlichung für jede Studie vorzuschreiben und "
        "zu kontrollieren."
    ),
    "I agree that the campaign may keep my name, email address and the details above to count my signature, and show my name only if I ask it to.": (
        "Ich bin einverstanden, dass die Kampagne meinen Namen, meine E-Mail-Adresse und die "
        "obigen Angaben speichert, um meine Unterschrift zu zählen, und meinen Namen nur "
        "zeigt, wenn ich darum bitte."
    ),
    "Send me occasional campaign updates by email (you can unsubscribe at any time).": (
        "Schicken Sie mir gelegentlich Neuigkeiten zur Kampagne per E-Mail (ich kann sie "
        "jederzeit abbestellen)."
    ),
    "Thank you: your signature now counts. Every name shows the regulators how many people expect every trial to be registered and every result reported.": (
        "Vielen Dank: Ihre Unterschrift zählt jetzt. Jeder Name zeigt den Behörden, wie viele "
        "Menschen erwarten, dass jede Studie registriert und jedes Ergebnis veröffentlicht wird."
    ),
    "Please share the petition with colleagues, friends and family.": (
        "Bitte teilen Sie die Petition mit Kolleginnen und Kollegen, Freunden und Familie."
    ),
    "Please confirm your signature": "Bitte bestätigen Sie Ihre Unterschrift",
    "Thank you for signing. Your signature counts once you confirm it: open the link below and press the button on the page it opens.": (
        "Vielen Dank für Ihre Unterschrift. Sie zählt, sobald Sie sie bestätigen: Öffnen Sie "
        "den Link unten und klicken Sie auf der Seite, die sich öffnet, auf die Schaltfläche."
    ),
    "Someone, probably you, tried to sign this petition again with this email address. Each person can sign once, so nothing has changed.": (
        "Jemand, vermutlich Sie, hat versucht, diese Petition mit dieser E-Mail-Adresse noch "
        "einmal zu unterschreiben. Jede Person kann nur einmal unterschreiben, daher hat sich "
        "nichts geändert."
    ),
    # Updates
    "Updates": "Neuigkeiten",
    "Hear when regulators act, when trial results go missing and when we need your voice. Choose the news that matters to you; you can unsubscribe at any time.": (
        "Erfahren Sie, wenn Behörden handeln, wenn Studienergebnisse fehlen und wenn wir Ihre "
        "Stimme brauchen. Wählen Sie die Themen, die Ihnen wichtig sind; Sie können jederzeit "
        "abbestellen."
    ),
    # Donate
    "Support our work": "Unterstützen Sie unsere Arbeit",
    "Donate": "Spenden",
    "The campaign is independent: it takes no money from companies that run trials. Your donation pays for the research that tracks unreported trials and for the people who take the evidence to regulators.": (
        "Die Kampagne ist unabhängig: Sie nimmt kein Geld von Unternehmen, die Studien "
        "durchführen. Ihre Spende finanziert die Recherche, die unveröffentlichte Studien "
        "aufspürt, und die Menschen, die die Belege zu den Behörden bringen."
    ),
    "Every gift, large or small, keeps the pressure on until every result is reported.": (
        "Jede Spende, ob groß oder klein, hält den Druck aufrecht, bis jedes Ergebnis "
        "veröffentlicht ist."
    ),
    # Snippets: jurisdictions, interests, site text
    "UK": "Vereinigtes Königreich",
    "EU": "EU",
    "USA": "USA",
    "Global": "Weltweit",
    "UK news": "Nachrichten aus dem Vereinigten Königreich",
    "EU news": "Nachrichten aus der EU",
    "USA news": "Nachrichten aus den USA",
    "Global news": "Internationale Nachrichten",
    "Campaigning for every clinical trial, past and present, to be registered and to have its full results reported.": (
        "Wir setzen uns dafür ein, dass jede klinische Studie, ob abgeschlossen oder laufend, "
        "registriert wird und ihre vollständigen Ergebnisse veröffentlicht."
    ),
    "AllTrials is an international campaign for clinical trial transparency. It was started by Ben Goldacre, the BMJ, the Centre for Evidence-based Medicine, the Cochrane Collaboration, the James Lind Initiative, PLOS and Sense about Science.": (
        "AllTrials ist eine internationale Kampagne für Transparenz bei klinischen Studien. "
        "Gegründet wurde sie von Ben Goldacre, dem BMJ, dem Centre for Evidence-based "
        "Medicine, der Cochrane Collaboration, der James Lind Initiative, PLOS und Sense "
        "about Science."
    ),
    # Trials tracker
    "Trials tracker": "Studien-Tracker",
    "Every trial should report its results. This tracker reads trial records from the ClinicalTrials.gov registry, works out which trials' results are due, and shows how many each sponsor has reported. The figures on this demonstration site are invented sample data: no real sponsor or trial is shown.": (
        "Jede Studie sollte ihre Ergebnisse veröffentlichen. Dieser Tracker liest Studieneinträge "
        "aus dem Register ClinicalTrials.gov, ermittelt, welche Ergebnisse fällig sind, und zeigt, "
        "wie viele jeder Sponsor veröffentlicht hat. Die Zahlen auf dieser Demonstrationsseite "
        "sind erfundene Beispieldaten: Es wird kein echter Sponsor und keine echte Studie gezeigt."
    ),
    "How the tracker works": "So arbeitet der Tracker",
    "How the tracker reads registry records, which rules it applies, and how a sponsor corrects a trial shown wrongly.": (
        "Wie der Tracker Registereinträge liest, welche Regeln er anwendet und wie ein Sponsor "
        "eine falsch dargestellte Studie korrigiert."
    ),
    "How the tracker decides": "Wie der Tracker entscheidet",
    "A trial's results are due a set time after its primary completion date: the date the last participant was examined for the main outcome. The tracker reads that date and whether results have been submitted from each trial's registry record, and judges it under each set of rules below. A trial whose results are late is shown as appearing overdue: the registry record may be out of date, and a sponsor can correct it.": (
        "Die Ergebnisse einer Studie sind eine feste Zeit nach ihrem primären Abschlussdatum "
        "fällig: dem Tag, an dem die letzte teilnehmende Person für den Hauptendpunkt untersucht "
        "wurde. Der Tracker liest dieses Datum und ob Ergebnisse eingereicht wurden aus dem "
        "Registereintrag jeder Studie und beurteilt sie nach jedem der unten genannten Regelwerke. "
        "Eine Studie mit verspäteten Ergebnissen erscheint als offenbar überfällig: Der "
        "Registereintrag kann veraltet sein, und der Sponsor kann ihn korrigieren."
    ),
    "Sponsors": "Sponsoren",
    "The registry spells a sponsor's name however it was typed. Each spelling is tied to one sponsor by an editor before its trials count here, so no trial is attributed to anyone without a person having checked it.": (
        "Das Register schreibt den Namen eines Sponsors so, wie er eingegeben wurde. Jede "
        "Schreibweise wird von der Redaktion einem Sponsor zugeordnet, bevor seine Studien hier "
        "zählen, sodass keine Studie jemandem zugeschrieben wird, ohne dass ein Mensch sie "
        "geprüft hat."
    ),
    "Corrections": "Korrekturen",
    "If a trial is shown wrongly, the fix is in the registry: update the record on ClinicalTrials.gov, and the tracker follows at its next nightly import.": (
        "Wird eine Studie falsch dargestellt, liegt die Korrektur im Register: Aktualisieren Sie "
        "den Eintrag auf ClinicalTrials.gov, und der Tracker übernimmt ihn beim nächsten "
        "nächtlichen Import."
    ),
}
