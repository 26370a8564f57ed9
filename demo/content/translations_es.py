"""Spanish (Spain) text of the demo site, keyed by the English text it translates.

Each key is one translatable segment of a demo page or snippet as wagtail-localize
extracts it (demo/translations.py); the value is what Spanish visitors read. Names,
figures and dates that read the same in Spanish are listed too, so that every
translation is complete in the admin.
"""

SEGMENTS = {
    # Home page
    "Home": "Inicio",
    "AllTrials: registering every trial and reporting every result": (
        "AllTrials: todos los ensayos registrados, todos los resultados publicados"
    ),
    "AllTrials wants each clinical trial on a public register, with its full methods and results published, whether the findings are positive or negative.": (
        "AllTrials quiere que cada ensayo clínico figure en un registro público y que se "
        "publiquen completos sus métodos y resultados, sean positivos o negativos."
    ),
    "Every clinical trial, past and present, should be registered, and its full methods and results made public, whatever the findings.": (
        "Todos los ensayos clínicos, pasados y presentes, deben estar registrados, y sus "
        "métodos y resultados completos deben hacerse públicos, sea cual sea el hallazgo."
    ),
    "Doctors, regulators and patients can only make sound decisions about treatments if they can see the whole body of evidence. When trial results are left unpublished, that picture is skewed and confidence in medical research suffers. AllTrials is a worldwide campaign to close the gap, so that every trial is on a public register and every result is shared.": (
        "Médicos, reguladores y pacientes solo pueden decidir bien sobre un tratamiento si "
        "ven todas las pruebas. Cuando los resultados de un ensayo no se publican, esa imagen "
        "queda sesgada y la confianza en la investigación médica se resiente. AllTrials es "
        "una campaña mundial para cerrar esa brecha: que cada ensayo esté en un registro "
        "público y que cada resultado se comparta."
    ),
    "Over half": "Más de la mitad",
    "of clinical trial results had never been reported, by our 2013 estimate": (
        "de los resultados de ensayos clínicos no se habían publicado nunca, según nuestra "
        "estimación de 2013"
    ),
    "AllTrials estimate, 2013": "Estimación de AllTrials, 2013",
    "28 April 2026": "28 de abril de 2026",
    "the day new UK trial transparency rules took effect": (
        "el día en que entraron en vigor las nuevas normas de transparencia de ensayos del "
        "Reino Unido"
    ),
    "MHRA and HRA": "MHRA y HRA",
    "21 days": "21 días",
    "the US deadline for registering a trial after its first participant is enrolled": (
        "el plazo en EE. UU. para registrar un ensayo una vez incluido su primer participante"
    ),
    "Food and Drug Administration Amendments Act of 2007": (
        "Ley de Enmiendas de la Administración de Alimentos y Medicamentos (FDAAA) de 2007"
    ),
    "235": "235",
    "researchers brought into compliance in the US between July and November 2022": (
        "investigadores de EE. UU. que pasaron a cumplir la ley entre julio y noviembre de 2022"
    ),
    "US Government Accountability Office report, 2023": (
        "Informe de la Oficina de Rendición de Cuentas del Gobierno de EE. UU. (GAO), 2023"
    ),
    "Add your name": "Suma tu nombre",
    "Sign the petition and tell governments that registering and reporting every clinical trial must be the rule everywhere, not an optional extra.": (
        "Firma la petición y di a los gobiernos que registrar y publicar cada ensayo clínico "
        "debe ser la norma en todas partes, no algo opcional."
    ),
    "Sign the petition": "Firma la petición",
    "Stay informed": "Mantente al día",
    "Get occasional updates on new rules, progress around the world and practical ways to help where you live.": (
        "Recibe de vez en cuando noticias sobre nuevas normas, avances en todo el mundo y "
        "formas concretas de ayudar donde vives."
    ),
    "Sign up for updates": "Suscríbete a las novedades",
    "Fund the campaign": "Financia la campaña",
    "Your donation helps us keep pressure on regulators, sponsors and policymakers until no trial result is left hidden.": (
        "Tu donativo nos ayuda a mantener la presión sobre reguladores, promotores y "
        "responsables políticos hasta que no quede ningún resultado oculto."
    ),
    "Make a donation": "Haz un donativo",
    "Who started AllTrials, and why": "Quién puso en marcha AllTrials y por qué",
    "In 2013 we estimated that more than half of all clinical trial results had never been reported. AllTrials was the answer: an international initiative launched by Ben Goldacre, the <i>BMJ</i>, the Centre for Evidence-based Medicine, the Cochrane Collaboration, the James Lind Initiative, PLOS and Sense about Science.": (
        "En 2013 estimamos que más de la mitad de los resultados de ensayos clínicos no se "
        "habían publicado nunca. AllTrials fue la respuesta: una iniciativa internacional "
        "lanzada por Ben Goldacre, el <i>BMJ</i>, el Centre for Evidence-based Medicine, la "
        "Colaboración Cochrane, la James Lind Initiative, PLOS y Sense about Science."
    ),
    "Our aim is simple to state and hard to achieve: every clinical trial should be registered, and its complete methods and results should be reported, including when the findings are negative.": (
        "Nuestro objetivo es fácil de enunciar y difícil de lograr: cada ensayo clínico debe "
        "estar registrado, y sus métodos y resultados completos deben publicarse, también "
        "cuando los hallazgos son negativos."
    ),
    # Why it matters
    "Why registration and reporting matter": "Por qué importa registrar y publicar",
    "Why every clinical trial must be registered and reported | AllTrials": (
        "Por qué cada ensayo clínico debe registrarse y publicarse | AllTrials"
    ),
    "Hidden trial results skew the evidence, waste resources, let down volunteers and put lives at risk. Here is why transparency matters.": (
        "Los resultados ocultos sesgan las pruebas, malgastan recursos, defraudan a los "
        "voluntarios y ponen vidas en riesgo. Por eso importa la transparencia."
    ),
    "Why it matters": "Por qué importa",
    "A clinical trial that is never registered, or whose results never see the light of day, is not just a gap in the record. It changes what everyone else believes about a treatment.": (
        "Un ensayo clínico que nunca se registra, o cuyos resultados nunca ven la luz, no es "
        "solo un hueco en el archivo: cambia lo que todos los demás creen sobre un tratamiento."
    ),
    "A distorted picture of the evidence": "Una imagen distorsionada de las pruebas",
    "Trials with disappointing or awkward findings are the ones most likely to go unpublished. When only the favourable results surface, we see the data through the filter chosen by whoever holds it, and negative findings rarely reach us at all. Regulators, clinicians and doctors are then asked to judge important treatments on a partial, tilted selection of the facts.": (
        "Los ensayos con hallazgos decepcionantes o incómodos son los que más probabilidades "
        "tienen de quedarse sin publicar. Cuando solo salen a la luz los resultados favorables, "
        "vemos los datos a través del filtro que elige quien los tiene, y los hallazgos "
        "negativos casi nunca nos llegan. Así, reguladores, clínicos y médicos tienen que "
        "juzgar tratamientos importantes con una selección parcial y sesgada de los hechos."
    ),
    "We know that trials with less flattering results…are more likely to go missing in action than trials with positive results. And so, as a consequence, we know that the half of the results we’re seeing are biased.": (
        "Sabemos que los ensayos con resultados menos favorables… tienen más probabilidades de "
        "desaparecer que los ensayos con resultados positivos. Y, en consecuencia, sabemos que "
        "la mitad de los resultados que vemos está sesgada."
    ),
    "Professor Ben Goldacre": "Profesor Ben Goldacre",
    "Co-founder of the AllTrials campaign": "Cofundador de la campaña AllTrials",
    "Who pays the price": "Quién paga el precio",
    "Withholding results holds back research that could save lives, squanders money and effort, stops patients and professionals from making fully informed choices, and exposes people to risks that should never be acceptable.": (
        "Ocultar resultados frena investigaciones que podrían salvar vidas, despilfarra dinero "
        "y esfuerzo, impide que pacientes y profesionales decidan con toda la información y "
        "expone a las personas a riesgos que nunca deberían ser aceptables."
    ),
    "<b>Patients</b> face extra uncertainty at an already difficult time when they know their care rests on incomplete information.": (
        "<b>Los pacientes</b> cargan con más incertidumbre en un momento ya difícil cuando "
        "saben que su atención se basa en información incompleta."
    ),
    "<b>Volunteers</b> accept unknown risks when they join a trial, because nobody yet knows whether the treatment is safe or effective. They have a moral claim to learn what their participation showed.": (
        "<b>Los voluntarios</b> aceptan riesgos desconocidos al entrar en un ensayo, porque "
        "nadie sabe aún si el tratamiento es seguro o eficaz. Tienen el derecho moral de "
        "saber qué demostró su participación."
    ),
    "<b>The public</b> pays for many trials. Reporting results is how researchers account for the way that money is spent.": (
        "<b>La ciudadanía</b> paga muchos ensayos. Publicar los resultados es la manera en que "
        "los investigadores rinden cuentas de cómo se gasta ese dinero."
    ),
    "Medicine is advancing at an unprecedented pace. Yet when results are kept back, treatments are misjudged and faith in science is worn down, just when misinformation and disinformation travel fastest.": (
        "La medicina avanza a un ritmo sin precedentes. Pero cuando se ocultan resultados, los "
        "tratamientos se valoran mal y la confianza en la ciencia se desgasta, justo cuando la "
        "desinformación corre más deprisa que nunca."
    ),
    "The scale of the problem, and of the response": "La magnitud del problema y de la respuesta",
    "of clinical trial results never reported, as estimated in 2013": (
        "de los resultados de ensayos clínicos nunca publicados, según la estimación de 2013"
    ),
    "AllTrials": "AllTrials",
    "to register on ClinicalTrials.gov after enrolling the first participant, under US law since 2007": (
        "para registrarse en ClinicalTrials.gov tras incluir al primer participante, según la "
        "ley de EE. UU. desde 2007"
    ),
    "US researchers brought into compliance between July and November 2022": (
        "investigadores de EE. UU. que pasaron a cumplir la ley entre julio y noviembre de 2022"
    ),
    "US Government Accountability Office, 2023": (
        "Oficina de Rendición de Cuentas del Gobierno de EE. UU. (GAO), 2023"
    ),
    "A public voice for a known problem": "Una voz pública para un problema conocido",
    "The problem of missing results was no secret: the drug industry and medical organisations had long acknowledged it. What was lacking was a spark. AllTrials gave the public and professionals a single campaign through which to press for change, and the breadth of support it attracted has pushed policymakers around the world to rethink the standards researchers are held to.": (
        "El problema de los resultados perdidos no era ningún secreto: la industria "
        "farmacéutica y las organizaciones médicas lo reconocían desde hacía tiempo. Faltaba "
        "una chispa. AllTrials dio a la ciudadanía y a los profesionales una única campaña con "
        "la que exigir el cambio, y el amplio apoyo que reunió ha llevado a responsables "
        "políticos de todo el mundo a replantearse las exigencias que se imponen a los "
        "investigadores."
    ),
    "What the campaign did, really, was give people who are already talking about this and doing something towards it the support—the courage even—to keep going": (
        "Lo que hizo la campaña, en realidad, fue dar a quienes ya hablaban de esto y hacían "
        "algo al respecto el apoyo —incluso el valor— para seguir adelante"
    ),
    "Sile Lane": "Síle Lane",
    "A founder of the AllTrials campaign": "Una de las fundadoras de la campaña AllTrials",
    "How the rules have changed": "Cómo han cambiado las normas",
    "2007": "2007",
    "US law requires trial registration": "La ley de EE. UU. exige registrar los ensayos",
    "The Food and Drug Administration Amendments Act sets a 21-day deadline for registering certain trials on ClinicalTrials.gov, though it goes largely unenforced.": (
        "La Ley de Enmiendas de la FDA fija un plazo de 21 días para registrar ciertos ensayos "
        "en ClinicalTrials.gov, aunque apenas se hace cumplir."
    ),
    "2013": "2013",
    "AllTrials is launched": "Nace AllTrials",
    "Estimating that over half of all trial results have never been reported, a group of researchers, journals and charities starts the campaign.": (
        "Tras estimar que más de la mitad de los resultados de ensayos nunca se han publicado, "
        "un grupo de investigadores, revistas y organizaciones benéficas lanza la campaña."
    ),
    "31 January 2023": "31 de enero de 2023",
    "EU moves applications to CTIS": "La UE traslada las solicitudes a CTIS",
    "The Clinical Trials Information System becomes the only way to make a first application for a trial in the EU.": (
        "El Sistema de Información de Ensayos Clínicos (CTIS) pasa a ser la única vía para "
        "presentar la primera solicitud de un ensayo en la UE."
    ),
    "2023": "2023",
    "US watchdog reports on compliance": "El organismo de control de EE. UU. informa sobre el cumplimiento",
    "The Government Accountability Office finds 235 researchers were brought into compliance between July and November 2022.": (
        "La Oficina de Rendición de Cuentas del Gobierno constata que 235 investigadores "
        "pasaron a cumplir la ley entre julio y noviembre de 2022."
    ),
    "October 2024": "Octubre de 2024",
    "Declaration of Helsinki updated": "Se actualiza la Declaración de Helsinki",
    "The World Medical Association makes sharing results an ethical obligation, including negative and inconclusive ones.": (
        "La Asociación Médica Mundial convierte en obligación ética compartir los resultados, "
        "también los negativos y los no concluyentes."
    ),
    "UK transparency rules take effect": "Entran en vigor las normas de transparencia del Reino Unido",
    "New MHRA and HRA regulations make registration, results summaries and feedback to participants a legal requirement.": (
        "Las nuevas normas de la MHRA y la HRA convierten en obligación legal el registro, los "
        "resúmenes de resultados y la información a los participantes."
    ),
    "Back the call for full transparency": "Apoya la exigencia de transparencia total",
    "Add your name to the petition for every trial to be registered and every result reported.": (
        "Suma tu nombre a la petición para que cada ensayo se registre y cada resultado se "
        "publique."
    ),
    # Next steps
    "Next steps": "Próximos pasos",
    "Next steps for clinical trial transparency | AllTrials": (
        "Próximos pasos para la transparencia de los ensayos clínicos | AllTrials"
    ),
    "Ten years of progress on trial registration and reporting, why national rules reach across borders, and what still needs to be done.": (
        "Diez años de avances en el registro y la publicación de ensayos, por qué las normas "
        "nacionales traspasan fronteras y qué queda por hacer."
    ),
    "Real progress has been made since AllTrials began, but the work will not be finished until every trial is registered and every result is reported.": (
        "Desde que empezó AllTrials se ha avanzado de verdad, pero el trabajo no terminará "
        "hasta que cada ensayo esté registrado y cada resultado publicado."
    ),
    "What ten years of campaigning has achieved": "Lo que han logrado diez años de campaña",
    "Over the past decade, trial registration and reporting have improved considerably, concrete and enforceable rule changes have followed, and the BBC has reported on the campaign's successes as a rare bright spot in research news.": (
        "En la última década, el registro y la publicación de ensayos han mejorado mucho, han "
        "llegado cambios normativos concretos y exigibles, y la BBC ha presentado los logros "
        "de la campaña como una rara buena noticia en el mundo de la investigación."
    ),
    "The volunteers on whom every trial depends are now more widely recognised and respected, and regulators, clinicians and doctors have better tools to care for the people they serve. Any of us could be treated with the interventions being tested today, and we are entitled to care based on decisions made with all the facts.": (
        "Los voluntarios de los que depende cada ensayo reciben hoy más reconocimiento y "
        "respeto, y reguladores, clínicos y médicos cuentan con mejores herramientas para "
        "cuidar a las personas a las que atienden. Cualquiera de nosotros podría recibir los "
        "tratamientos que se prueban hoy, y tenemos derecho a una atención basada en "
        "decisiones tomadas con todos los datos."
    ),
    "Why national rules reach across borders": "Por qué las normas nacionales traspasan fronteras",
    "Many large trials run in several countries at once. If even one site sits in a country with strong rules, those rules cover results from every site. The UK has long been a popular place for drug trials thanks to the infrastructure of the NHS, so its new requirements will be felt well beyond its borders, including in places with weak laws of their own.": (
        "Muchos ensayos grandes se realizan a la vez en varios países. Basta con que un solo "
        "centro esté en un país con normas estrictas para que esas normas cubran los resultados "
        "de todos los centros. El Reino Unido es desde hace tiempo un lugar muy elegido para "
        "ensayos de medicamentos gracias a la infraestructura del NHS, así que sus nuevas "
        "exigencias se notarán mucho más allá de sus fronteras, también en lugares con leyes "
        "propias poco exigentes."
    ),
    "The job is not finished": "El trabajo no ha terminado",
    "Our target has not changed: <b>100% of clinical trials registered</b> and <b>100% of their results reported</b>. Until we get there, there is more to do. AllTrials is also part of a wider argument for open evidence in every field, and perhaps the clearest example of the harm done when data and knowledge are kept private.": (
        "Nuestra meta no ha cambiado: <b>el 100 % de los ensayos clínicos registrados</b> y "
        "<b>el 100 % de sus resultados publicados</b>. Hasta llegar ahí, queda trabajo. "
        "AllTrials forma parte además de una defensa más amplia de las pruebas abiertas en "
        "todos los campos, y es quizá el ejemplo más claro del daño que se causa cuando los "
        "datos y el conocimiento se guardan en privado."
    ),
    "Follow the campaign": "Sigue la campaña",
    "Sign up for updates and we will tell you how things are moving and how you can help in your area.": (
        "Suscríbete a las novedades y te contaremos cómo avanza todo y cómo puedes ayudar en "
        "tu zona."
    ),
    "Organisations behind AllTrials": "Organizaciones que respaldan AllTrials",
    "Royal colleges, patient groups, journals, universities and trials units around the world support the campaign. See who has joined, or add your organisation.": (
        "Colegios profesionales, asociaciones de pacientes, revistas, universidades y unidades "
        "de ensayos de todo el mundo apoyan la campaña. Mira quién se ha sumado o añade tu "
        "organización."
    ),
    "See our supporters": "Ver quién nos apoya",
    # Privacy policy
    "Privacy policy": "Política de privacidad",
    "Privacy policy | AllTrials": "Política de privacidad | AllTrials",
    "How AllTrials collects, uses and protects the personal information you give us when you sign, subscribe, donate or register an organisation.": (
        "Cómo recoge, usa y protege AllTrials los datos personales que nos das al firmar, "
        "suscribirte, donar o registrar una organización."
    ),
    "This page explains what personal information we collect, why we collect it and what you can ask us to do with it.": (
        "Esta página explica qué datos personales recogemos, para qué y qué puedes pedirnos "
        "que hagamos con ellos."
    ),
    "What we collect": "Qué datos recogemos",
    "We ask only for what each action needs:": "Solo pedimos lo que necesita cada acción:",
    "<b>Signing the petition:</b> your name, email address and the other details shown on the form.": (
        "<b>Firmar la petición:</b> tu nombre, tu dirección de correo electrónico y los demás "
        "datos que aparecen en el formulario."
    ),
    "<b>Signing up for updates:</b> your email address and any preferences you choose.": (
        "<b>Suscribirte a las novedades:</b> tu dirección de correo electrónico y las "
        "preferencias que elijas."
    ),
    "<b>Donating:</b> the details needed to process and acknowledge your gift.": (
        "<b>Donar:</b> los datos necesarios para tramitar tu donativo y agradecértelo."
    ),
    "<b>Registering an organisation:</b> the organisation's name and details, and contact details for the person registering it.": (
        "<b>Registrar una organización:</b> el nombre y los datos de la organización, y los "
        "datos de contacto de la persona que la registra."
    ),
    "How we use it": "Cómo los usamos",
    "Your information is used only for the AllTrials campaign: to count and present petition signatures, to send the updates you asked for, to handle donations, and to list and contact supporting organisations. We will never sell it, and we will not share it with anyone for their own marketing.": (
        "Tus datos se usan solo para la campaña AllTrials: para contar y presentar las firmas "
        "de la petición, enviarte las novedades que pediste, gestionar los donativos y "
        "mostrar y contactar a las organizaciones que nos apoyan. Nunca los venderemos ni los "
        "cederemos a nadie para su propia publicidad."
    ),
    "You can unsubscribe from updates at any time using the link in each email.": (
        "Puedes darte de baja de las novedades en cualquier momento con el enlace de cada correo."
    ),
    "Which link brought you, and sharing": "Qué enlace te trajo, y compartir",
    "When you sign, sign up or donate, we note which link brought you: the campaign tags some links carry (<code>utm_source</code>, <code>utm_medium</code>, <code>utm_campaign</code>, for example “newsletter”) and the referral code of the person or organisation who shared it with you (<code>ref</code>). We keep these with your signature, sign-up or donation, to learn which ways of sharing work and to show partner organisations how many signatures their link brought (a number, never who). Your browser holds them only for the tab you opened (no cookie), and no other site sees them.": (
        "Cuando firmas, te suscribes o donas, anotamos qué enlace te trajo: las etiquetas de "
        "campaña que llevan algunos enlaces (<code>utm_source</code>, <code>utm_medium</code>, "
        "<code>utm_campaign</code>, por ejemplo «newsletter») y el código de la persona u "
        "organización que te lo compartió (<code>ref</code>). Los guardamos con tu firma, "
        "suscripción o donativo para saber qué formas de compartir funcionan y para mostrar a "
        "las organizaciones aliadas cuántas firmas ha traído su enlace (una cifra, nunca "
        "quién). Tu navegador los guarda solo en la pestaña que abriste (sin cookies), y "
        "ningún otro sitio los ve."
    ),
    "After you sign, the share links we offer carry your own referral code: a short random code that says nothing about who you are. The buttons are plain links: nothing from the social networks is loaded on our pages until you choose to open one of them.": (
        "Después de firmar, los enlaces para compartir que te ofrecemos llevan tu propio "
        "código: un código corto y aleatorio que no dice nada de quién eres. Los botones son "
        "enlaces normales: no se carga nada de las redes sociales en nuestras páginas hasta "
        "que decides abrir uno."
    ),
    "These details are part of the copy of your information you can ask for, and are deleted when you ask us to delete your information.": (
        "Estos datos forman parte de la copia de tu información que puedes pedirnos, y se "
        "borran cuando nos pides que borremos tu información."
    ),
    "How long we keep it": "Cuánto tiempo los conservamos",
    "We keep personal information only while the campaign needs it, or for as long as the law requires (for example, donation records).": (
        "Conservamos los datos personales solo mientras la campaña los necesita, o durante el "
        "tiempo que exige la ley (por ejemplo, los registros de donativos)."
    ),
    "Your rights": "Tus derechos",
    'You can ask us for a copy of the information we hold about you, ask us to correct it, or ask us to delete it. Email <a id="a1">hello@example.org</a> and we will respond as quickly as we can.': (
        "Puedes pedirnos una copia de la información que tenemos sobre ti, que la corrijamos "
        'o que la borremos. Escribe a <a id="a1">hello@example.org</a> y te responderemos lo '
        "antes posible."
    ),
    # News index (the news items themselves stay in English)
    "Regulatory news": "Noticias sobre la normativa",
    "Clinical trial transparency rules around the world | AllTrials": (
        "Normas de transparencia de ensayos clínicos en el mundo | AllTrials"
    ),
    "Updates on laws and rules for registering clinical trials and reporting their results in the UK, the EU, the USA and worldwide.": (
        "Novedades sobre leyes y normas para registrar ensayos clínicos y publicar sus "
        "resultados en el Reino Unido, la UE, EE. UU. y el resto del mundo."
    ),
    "News": "Noticias",
    "Since AllTrials began, governments and professional bodies have introduced binding rules on registering trials and publishing their results. Follow the changes here, by country and by topic.": (
        "Desde que empezó AllTrials, gobiernos y organismos profesionales han aprobado normas "
        "obligatorias para registrar ensayos y publicar sus resultados. Sigue aquí los "
        "cambios, por país y por tema. Las noticias se publican en inglés."
    ),
    # Supporters
    "Supporting organisations": "Organizaciones que nos apoyan",
    "Supporters": "Apoyos",
    "These organisations have said publicly that every clinical trial should be registered and its results reported. Patient groups, professional bodies, universities, funders and journals from around the world stand behind the campaign.": (
        "Estas organizaciones han declarado públicamente que cada ensayo clínico debe "
        "registrarse y publicar sus resultados. Asociaciones de pacientes, colegios "
        "profesionales, universidades, financiadores y revistas de todo el mundo respaldan la "
        "campaña."
    ),
    "Does your organisation support the campaign? Add its name to the list: registration takes a few minutes, and a moderator checks each listing before it appears here.": (
        "¿Tu organización apoya la campaña? Añade su nombre a la lista: el registro lleva "
        "unos minutos y una persona moderadora revisa cada ficha antes de que aparezca aquí."
    ),
    # Petition
    "All trials registered, all results reported": (
        "Todos los ensayos registrados, todos los resultados publicados"
    ),
    "Petition": "Petición",
    "Make sure every clinical trial, past and present, is registered before it starts and has its full results reported within a year of finishing.": (
        "Que cada ensayo clínico, pasado y presente, se registre antes de empezar y publique "
        "sus resultados completos en el plazo de un año desde que termine."
    ),
    "Governments and regulators": "Gobiernos y autoridades reguladoras",
    "Half of all clinical trials have never reported their results. When results go missing, doctors, researchers and patients decide without the whole picture, and the people who volunteered for those trials are let down.": (
        "La mitad de los ensayos clínicos nunca ha publicado sus resultados. Cuando faltan "
        "resultados, médicos, investigadores y pacientes deciden sin ver el cuadro completo, "
        "y se defrauda a las personas que se ofrecieron voluntarias para esos ensayos."
    ),
    "Rules have improved in the UK, the EU and the USA, but they are not enforced everywhere and they do not cover the trials already done. We ask the governments and regulators who can change this to require registration and reporting for every trial, and to check that it happens.": (
        "Las normas han mejorado en el Reino Unido, la UE y EE. UU., pero no se aplican en "
        "todas partes y no cubren los ensayos ya realizados. Pedimos a los gobiernos y "
        "reguladores que pueden cambiarlo que exijan el registro y la publicación de cada "
        "ensayo, y que comprueben que se cumple."
    ),
    "I agree that the campaign may keep my name, email address and the details above to count my signature, and show my name only if I ask it to.": (
        "Acepto que la campaña guarde mi nombre, mi dirección de correo electrónico y los "
        "datos anteriores para contar mi firma, y que muestre mi nombre solo si lo pido."
    ),
    "Send me occasional campaign updates by email (you can unsubscribe at any time).": (
        "Quiero recibir de vez en cuando novedades de la campaña por correo electrónico "
        "(puedo darme de baja en cualquier momento)."
    ),
    "Thank you: your signature now counts. Every name shows the regulators how many people expect every trial to be registered and every result reported.": (
        "Gracias: tu firma ya cuenta. Cada nombre muestra a los reguladores cuántas personas "
        "esperan que cada ensayo se registre y cada resultado se publique."
    ),
    "Please share the petition with colleagues, friends and family.": (
        "Comparte la petición con tus compañeros, amigos y familia."
    ),
    "Please confirm your signature": "Confirma tu firma",
    "Thank you for signing. Your signature counts once you confirm it: open the link below and press the button on the page it opens.": (
        "Gracias por firmar. Tu firma contará cuando la confirmes: abre el enlace de abajo y "
        "pulsa el botón de la página que se abre."
    ),
    "Someone, probably you, tried to sign this petition again with this email address. Each person can sign once, so nothing has changed.": (
        "Alguien, probablemente tú, ha intentado volver a firmar esta petición con esta "
        "dirección de correo. Cada persona puede firmar una vez, así que no ha cambiado nada."
    ),
    # Updates
    "Updates": "Novedades",
    "Hear when regulators act, when trial results go missing and when we need your voice. Choose the news that matters to you; you can unsubscribe at any time.": (
        "Entérate de cuándo actúan los reguladores, cuándo desaparecen resultados de ensayos "
        "y cuándo necesitamos tu voz. Elige las noticias que te interesan; puedes darte de "
        "baja en cualquier momento."
    ),
    # Donate
    "Support our work": "Apoya nuestro trabajo",
    "Donate": "Donar",
    "The campaign is independent: it takes no money from companies that run trials. Your donation pays for the research that tracks unreported trials and for the people who take the evidence to regulators.": (
        "La campaña es independiente: no acepta dinero de empresas que realizan ensayos. Tu "
        "donativo paga la investigación que sigue la pista de los ensayos sin publicar y a "
        "las personas que llevan las pruebas ante los reguladores."
    ),
    "Every gift, large or small, keeps the pressure on until every result is reported.": (
        "Cada donativo, grande o pequeño, mantiene la presión hasta que se publique cada resultado."
    ),
    # Snippets: jurisdictions, interests, site text
    "UK": "Reino Unido",
    "EU": "UE",
    "USA": "EE. UU.",
    "Global": "Mundial",
    "UK news": "Noticias del Reino Unido",
    "EU news": "Noticias de la UE",
    "USA news": "Noticias de EE. UU.",
    "Global news": "Noticias internacionales",
    "Campaigning for every clinical trial, past and present, to be registered and to have its full results reported.": (
        "Hacemos campaña para que todos los ensayos clínicos, pasados y presentes, se "
        "registren y publiquen sus resultados completos."
    ),
    "AllTrials is an international campaign for clinical trial transparency. It was started by Ben Goldacre, the BMJ, the Centre for Evidence-based Medicine, the Cochrane Collaboration, the James Lind Initiative, PLOS and Sense about Science.": (
        "AllTrials es una campaña internacional por la transparencia de los ensayos clínicos. "
        "La pusieron en marcha Ben Goldacre, el BMJ, el Centre for Evidence-based Medicine, la "
        "Colaboración Cochrane, la James Lind Initiative, PLOS y Sense about Science."
    ),
    # Trials tracker
    "Trials tracker": "Seguimiento de ensayos",
    "Every trial should report its results. This tracker reads trial records from the ClinicalTrials.gov registry, works out which trials' results are due, and shows how many each sponsor has reported. The figures on this demonstration site are invented sample data: no real sponsor or trial is shown.": (
        "Todos los ensayos deben publicar sus resultados. Este seguimiento lee los registros de "
        "ensayos de ClinicalTrials.gov, calcula qué resultados deberían estar ya publicados y "
        "muestra cuántos ha publicado cada promotor. Las cifras de este sitio de demostración son "
        "datos de muestra inventados: no aparece ningún promotor ni ensayo real."
    ),
    "How the tracker works": "Cómo funciona el seguimiento",
    "How the tracker reads registry records, which rules it applies, and how a sponsor corrects a trial shown wrongly.": (
        "Cómo lee el seguimiento los registros, qué reglas aplica y cómo corrige un promotor un "
        "ensayo que aparece mal."
    ),
    "How the tracker decides": "Cómo decide el seguimiento",
    "A trial's results are due a set time after its primary completion date: the date the last participant was examined for the main outcome. The tracker reads that date and whether results have been submitted from each trial's registry record, and judges it under each set of rules below. A trial whose results are late is shown as appearing overdue: the registry record may be out of date, and a sponsor can correct it.": (
        "Los resultados de un ensayo deben publicarse un tiempo fijo después de su fecha de "
        "finalización primaria: el día en que se examinó al último participante para el resultado "
        "principal. El seguimiento lee esa fecha, y si se han enviado resultados, del registro de "
        "cada ensayo, y lo juzga con cada conjunto de reglas de abajo. Un ensayo cuyos resultados "
        "llegan tarde aparece como aparentemente atrasado: el registro puede estar desactualizado "
        "y el promotor puede corregirlo."
    ),
    "Sponsors": "Promotores",
    "The registry spells a sponsor's name however it was typed. Each spelling is tied to one sponsor by an editor before its trials count here, so no trial is attributed to anyone without a person having checked it.": (
        "El registro escribe el nombre de un promotor tal como se tecleó. Una persona del equipo "
        "editorial asocia cada forma de escribirlo a un promotor antes de que sus ensayos cuenten "
        "aquí, así que ningún ensayo se atribuye a nadie sin que alguien lo haya comprobado."
    ),
    "Corrections": "Correcciones",
    "If a trial is shown wrongly, the fix is in the registry: update the record on ClinicalTrials.gov, and the tracker follows at its next nightly import.": (
        "Si un ensayo aparece mal, la corrección está en el registro: actualiza la ficha en "
        "ClinicalTrials.gov y el seguimiento la recogerá en su siguiente importación nocturna."
    ),
}
