"""Demo data drawn from the facts of real OGP Local applications (docs/domain.md), in our words."""

import datetime

DEMO_PASSWORD_HINT = "Demo accounts for a laptop only; never load them in production."

# Staff sign in with a second factor. The demo staff are enrolled with this key (RFC 6238 TOTP,
# base32): add it to an authenticator app, or print the current code with `manage.py demo_code`.
DEMO_TOTP_SECRET = "OGPLOCALDEMOSTAFFSECONDFACTORKEY"

DEMO_ACCOUNTS = [
    {
        "email": "applicant@example.org",
        "password": "ogp-demo-applicant",
        "full_name": "Ana Quispe",
        "role": "applicant",
        "is_staff": False,
        "is_superuser": False,
    },
    {
        "email": "civil.society@example.org",
        "password": "ogp-demo-civil-society",
        "full_name": "Tomás González",
        "role": "civil-society uploader",
        "is_staff": False,
        "is_superuser": False,
    },
    {
        "email": "monitor@example.org",
        "password": "ogp-demo-monitor",
        "full_name": "Milenka Villegas",
        "role": "monitor",
        "is_staff": False,
        "is_superuser": False,
    },
    {
        "email": "reviewer@example.org",
        "password": "ogp-demo-reviewer",
        "full_name": "Rosa Mendes",
        "role": "reviewer",
        "is_staff": True,
        "is_superuser": False,
    },
    {
        "email": "coordinator@example.org",
        "password": "ogp-demo-coordinator",
        "full_name": "Joseph Okello",
        "role": "coordinator",
        "is_staff": True,
        "is_superuser": True,
    },
]

DEMO_CALL = {
    "slug": "ogp-local-2026",
    # The call's own texts, in each language the portal offers (calls/translation.py).
    "title_en": "OGP Local 2026: call for new members",
    "title_es": "OGP Local 2026: convocatoria a nuevos miembros",
    "title_fr": "OGP Local 2026 : appel à nouveaux membres",
    "title_pt": "OGP Local 2026: chamada para novos membros",
    "description_en": (
        "OGP Local invites municipal and regional governments of OGP member countries to join "
        "the programme. Apply together with at least one non-governmental partner, with a "
        "letter of intent signed by the head of your government."
    ),
    "description_es": (
        "OGP Local invita a los gobiernos municipales y regionales de los países miembros de OGP "
        "a sumarse al programa. Postule junto con al menos un socio no gubernamental, con una "
        "carta de intención firmada por la máxima autoridad de su gobierno."
    ),
    "description_fr": (
        "OGP Local invite les gouvernements municipaux et régionaux des pays membres d'OGP à "
        "rejoindre le programme. Présentez votre candidature avec au moins un partenaire non "
        "gouvernemental et une lettre d'intention signée par le chef de votre gouvernement."
    ),
    "description_pt": (
        "A OGP Local convida os governos municipais e regionais dos países membros da OGP a "
        "aderir ao programa. Candidate-se com pelo menos um parceiro não governamental e uma "
        "carta de intenção assinada pelo chefe do seu governo."
    ),
}

# Answers are keyed by the position of the question in the default form: (section, question).
DEMO_APPLICATIONS = [
    {
        "government": {
            "name": "Autonomous Municipal Government of La Paz",
            "country": "BO",
            "government_level": "municipal",
            "population": 755732,
            "area_km2": "3240.00",
            "term_ends_on": datetime.date(2031, 5, 3),
            "website": "https://www.lapaz.bo",
        },
        "language": "es",
        "details": {
            "lead_office": "Information Technology and Open Government Department",
            "contact_name": "Ana Quispe",
            "contact_position": "Head of Open Government",
            "contact_email": "gobierno.abierto@lapaz.example.org",
        },
        "partners": [
            {
                "organisation": {"name": "UNDP Bolivia", "kind": "international", "country": "BO"},
                "role": "Civil-society ally supporting citizen participation",
            },
        ],
        "answers": {
            (
                1,
                1,
            ): "To turn a decade of open data work into policies that residents shape and use, "
            "and to learn from cities that already co-create action plans.",
            (
                1,
                2,
            ): "Make municipal data part of every policy decision: from publishing data to using "
            "it, with young people and universities analysing household survey data.",
            (
                2,
                1,
            ): "An open data portal; the website 'This is how we invest your resources' on the "
            "use of public funds; a property information site that shows whether a building has "
            "approved plans.",
            (2, 2): "Eco-datathon with university students on air, water and waste data; a "
            "neighbourhood platform and a citizen consultation platform; the LaPazTec youth "
            "programme with hackathons and technology fairs.",
            (2, 3): "A data analytics platform with public dashboards for municipal management.",
            (
                3,
                1,
            ): "Ana Quispe, Head of Open Government; staff of the Municipal Planning Secretariat.",
            (3, 2): "UNDP Bolivia governance team; university student associations.",
            (3, 3): "4",
            (4, 1): "A multi-stakeholder forum with civil society, universities and neighbourhood "
            "boards, meeting monthly during co-creation.",
            (4, 2): "Public progress dashboards and a quarterly review by the forum.",
            (5, 1): "Peer learning on data use in policy and support to widen participation.",
            (5, 2): "Our datathon method and the open data portal's experience.",
            (5, 3): "Open data and digital government",
        },
        "letters": [
            {
                "kind": "intent",
                "government": "lead",
                "author_organisation": "Autonomous Municipal Government of La Paz",
                "signatory_name": "Iván Arias Durán",
                "signatory_title": "Mayor of La Paz",
                "language": "es",
                "body": "The Autonomous Municipal Government of La Paz states its intention to join "
                "OGP Local and to co-create an open government action plan with civil society, "
                "building on its open data portal and its datathons with young people.",
            },
            {
                "kind": "civil_society",
                "author_organisation": "UNDP Bolivia",
                "signatory_name": "María Fernanda Salinas",
                "signatory_title": "Governance Programme Officer",
                "language": "en",
                "body": "UNDP Bolivia supports the application of the Autonomous Municipal Government "
                "of La Paz and will accompany the co-creation of its action plan.",
            },
            {
                "kind": "peer",
                "author_organisation": "Bogotá District Government",
                "signatory_name": "Laura Gómez",
                "signatory_title": "Open Government Manager",
                "language": "en",
                "body": "As a member of OGP Local, Bogotá supports the application of the Municipal "
                "Government of La Paz, whose transparency platforms we know first-hand.",
            },
        ],
        "submit": True,
    },
    {
        "government": {
            "name": "Metropolitan Regional Government of Santiago",
            "country": "CL",
            "government_level": "regional",
            "population": 7112808,
            "area_km2": "15403.00",
            "term_ends_on": datetime.date(2029, 1, 6),
            "website": "https://www.gobiernosantiago.cl",
        },
        "language": "es",
        "details": {
            "lead_office": "Department of Ethics, Integrity and Transparency",
            "contact_name": "Diego Cárcamo",
            "contact_position": "International Affairs Unit",
            "contact_email": "internacional@santiago.example.org",
        },
        "partners": [
            {
                "organisation": {
                    "name": "Municipality of Renca",
                    "kind": "government",
                    "country": "CL",
                    "government_level": "municipal",
                },
                "role": "Joint applicant government",
            },
            {
                "organisation": {
                    "name": "Fundación Tribu",
                    "kind": "civil_society",
                    "country": "CL",
                },
                "role": "Civil-society ally for co-creation",
            },
        ],
        "answers": {
            (
                1,
                1,
            ): "To articulate open government between the region and its 52 communes, starting "
            "with Renca, the first Chilean commune to co-create an open government plan.",
            (
                2,
                1,
            ): "A Citizen Attention Office reporting to the Department of Ethics, Integrity and "
            "Transparency; the web portal of the Regional Council.",
            (2, 2): "Renca's Civil Society Council and its co-created action plan with Fundación "
            "Tribu and ECLAC.",
        },
        "letters": [
            {
                "kind": "intent",
                "government": "lead",
                "author_organisation": "Metropolitan Regional Government of Santiago",
                "signatory_name": "Claudio Orrego Larraín",
                "signatory_title": "Regional Governor",
                "language": "es",
                "body": "The Metropolitan Regional Government of Santiago announces its firm "
                "intention to join OGP Local together with the Municipality of Renca.",
            },
            {
                "kind": "intent",
                "government": "Municipality of Renca",
                "author_organisation": "Municipality of Renca",
                "signatory_name": "Claudio Castro Salas",
                "signatory_title": "Mayor of Renca",
                "language": "es",
                "body": "The Municipality of Renca, the first Chilean commune to co-create an open "
                "government action plan, applies to OGP Local together with the Metropolitan "
                "Regional Government of Santiago.",
            },
            {
                "kind": "civil_society",
                "author_organisation": "Fundación Tribu",
                "signatory_name": "Tomás González Olavarría",
                "signatory_title": "Founder and President",
                "language": "en",
                "body": "Fundación Tribu supports the joint application of the Regional Government "
                "of Santiago and the Municipality of Renca and will take part in co-creation.",
            },
        ],
        "submit": False,
    },
    {
        "government": {
            "name": "Metropolitan Municipality of Lima",
            "country": "PE",
            "government_level": "municipal",
            "population": 9674755,
            "area_km2": "2672.00",
            "term_ends_on": datetime.date(2026, 12, 31),
        },
        "language": "en",
        "details": {
            "lead_office": "Office of the Mayor",
            "contact_name": "",
            "contact_position": "",
            "contact_email": "",
        },
        "partners": [
            {
                "organisation": {
                    "name": "Democracia & Desarrollo Internacional",
                    "kind": "civil_society",
                    "country": "PE",
                },
                "role": "Civil-society partner for OGP Local",
            },
        ],
        "answers": {
            (2, 1): "Publication under the Transparency and Access to Public Information Law; an "
            "open data portal; a new digital document management system.",
            (2, 2): "A participatory budget since 2011, in which organisations decide how part of "
            "the budget is used.",
        },
        "letters": [],
        "submit": False,
    },
]
