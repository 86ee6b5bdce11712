"""The criteria a new call starts from: OGP Local's eight minimum criteria (docs/domain.md).

Coordinators edit names, guidance and weights per call in the admin before review opens.
Texts are marked for translation and stored in the language active when the call is created.
"""

from django.utils.translation import gettext_noop as _

DEFAULT_SCALE = (1, 5)

DEFAULT_CRITERIA = [
    {
        "name": _("Political commitment"),
        "guidance": _(
            "Is there a letter of intent from the head of the local government (mayor, "
            "governor) or an official with delegated authority, and commitment from "
            "non-governmental leaders?"
        ),
    },
    {
        "name": _("Track record"),
        "guidance": _(
            "At least one open government reform or co-creation experience in the past three "
            "years. Taking part in national open government work counts."
        ),
    },
    {
        "name": _("Time"),
        "guidance": _(
            "At least 16 months left in the current administration's term after the call's "
            "deadline. Check the term end date."
        ),
    },
    {
        "name": _("Ambition"),
        "guidance": _("Is the ambition clear and in line with OGP's priorities?"),
    },
    {
        "name": _("Capacity and resources"),
        "guidance": _("Are government staff and civil-society counterparts named?"),
    },
    {
        "name": _("Co-creation and monitoring"),
        "guidance": _(
            "Are there mechanisms for co-creating and monitoring the action plan with civil "
            "society?"
        ),
    },
    {
        "name": _("Value proposition"),
        "guidance": _("Is it clear what joining OGP Local brings the jurisdiction?"),
    },
    {
        "name": _("Learning and sharing"),
        "guidance": _("Is the applicant willing to learn from and share with peers?"),
    },
]

# The decision e-mail every call starts with, per language. Placeholders are documented on
# DecisionEmailTemplate; {% if outcome == "admitted" %} chooses the wording per outcome.
DEFAULT_DECISION_EMAILS = {
    "en": {
        "subject": "OGP Local: decision on the application of {{ government }} ({{ reference }})",
        "body": """Dear {{ recipient }},

Thank you for the application of {{ government }} to {{ call }} (reference {{ reference }}).

{% if outcome == "admitted" %}We are delighted to tell you that {{ government }} has been admitted to OGP Local. We will write to you shortly about the next steps: co-creating your action plan with civil society and joining the community of practice.{% elif outcome == "waitlisted" %}The selection committee has placed {{ government }} on the waiting list. We will write to you again if a place becomes available.{% else %}After careful review, the selection committee has decided not to admit {{ government }} to OGP Local in this call. We hope you will stay in touch and apply again.{% endif %}
{% if reason %}
{{ reason }}
{% endif %}
You can see the decision on your application page: {{ application_url }}

The OGP Local team
""",
    },
    "es": {
        "subject": "OGP Local: decisión sobre la postulación de {{ government }} ({{ reference }})",
        "body": """Estimado/a {{ recipient }}:

Gracias por la postulación de {{ government }} a {{ call }} (referencia {{ reference }}).

{% if outcome == "admitted" %}Nos complace informarle que {{ government }} ha sido admitido/a en OGP Local. Pronto le escribiremos sobre los próximos pasos: co-crear su plan de acción con la sociedad civil y sumarse a la comunidad de práctica.{% elif outcome == "waitlisted" %}El comité de selección ha incluido a {{ government }} en la lista de espera. Le escribiremos de nuevo si se libera un lugar.{% else %}Tras una revisión cuidadosa, el comité de selección ha decidido no admitir a {{ government }} en OGP Local en esta convocatoria. Esperamos mantener el contacto y recibir una nueva postulación.{% endif %}
{% if reason %}
{{ reason }}
{% endif %}
Puede ver la decisión en la página de su postulación: {{ application_url }}

El equipo de OGP Local
""",
    },
    "fr": {
        "subject": "OGP Local : décision sur la candidature de {{ government }} ({{ reference }})",
        "body": """Madame, Monsieur {{ recipient }},

Nous vous remercions pour la candidature de {{ government }} à {{ call }} (référence {{ reference }}).

{% if outcome == "admitted" %}Nous avons le plaisir de vous annoncer que {{ government }} a été admis(e) à OGP Local. Nous vous écrirons prochainement au sujet des prochaines étapes : co-créer votre plan d'action avec la société civile et rejoindre la communauté de pratique.{% elif outcome == "waitlisted" %}Le comité de sélection a placé {{ government }} sur la liste d'attente. Nous vous écrirons de nouveau si une place se libère.{% else %}Après un examen attentif, le comité de sélection a décidé de ne pas admettre {{ government }} à OGP Local dans le cadre de cet appel. Nous espérons rester en contact et recevoir une nouvelle candidature.{% endif %}
{% if reason %}
{{ reason }}
{% endif %}
Vous pouvez consulter la décision sur la page de votre candidature : {{ application_url }}

L'équipe OGP Local
""",
    },
    "pt": {
        "subject": "OGP Local: decisão sobre a candidatura de {{ government }} ({{ reference }})",
        "body": """Prezado(a) {{ recipient }},

Agradecemos a candidatura de {{ government }} a {{ call }} (referência {{ reference }}).

{% if outcome == "admitted" %}Temos o prazer de informar que {{ government }} foi admitido(a) na OGP Local. Em breve escreveremos sobre os próximos passos: cocriar o seu plano de ação com a sociedade civil e integrar a comunidade de prática.{% elif outcome == "waitlisted" %}O comitê de seleção colocou {{ government }} na lista de espera. Voltaremos a escrever se uma vaga ficar disponível.{% else %}Após uma análise cuidadosa, o comitê de seleção decidiu não admitir {{ government }} na OGP Local nesta chamada. Esperamos manter o contato e receber uma nova candidatura.{% endif %}
{% if reason %}
{{ reason }}
{% endif %}
Pode consultar a decisão na página da sua candidatura: {{ application_url }}

A equipe da OGP Local
""",
    },
}
