"""The portal in Spanish: pages, the checklist, form errors and e-mails.

The default language is English (the other tests read English); a user reads Spanish after
choosing it with the language switch, which saves it on the account.
"""

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation

from applications import domain
from applications.tasks import send_submission_confirmation
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    UserFactory,
    complete_application,
    login,
)

pytestmark = pytest.mark.django_db


def test_the_language_switch_saves_spanish_and_the_dashboard_reads_spanish(client):
    user = UserFactory()
    call = CallFactory(title="OGP Local 2026")
    login(client, user)
    assert ">My applications</h1>" in client.get(reverse("dashboard")).content.decode()

    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "es"
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="es">' in html
    assert ">Mis postulaciones</h1>" in html
    assert ">Convocatorias abiertas</h2>" in html
    assert "Aún no tiene postulaciones. Inicie una para una convocatoria abierta." in html
    assert f'href="{reverse("application_start", args=[call.slug])}">Iniciar una postulación' in (
        html
    )
    assert ">My applications<" not in html


def test_a_visitor_without_an_account_reads_the_browser_language(client):
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="es">' in html
    assert "Saltar al contenido principal" in html
    assert "OGP Local es el programa de la Alianza para el Gobierno Abierto (OGP)" in html


def test_the_application_checklist_reads_spanish(client):
    with translation.override("es"):
        # The default form is written in the language active when the call is created.
        call = CallFactory()
    application = ApplicationFactory(call=call, owner=UserFactory(language="es"))
    login(client, application.owner_user)

    html = client.get(application.get_absolute_url()).content.decode()

    assert "Lista de verificación" in html
    assert ">Borrador</span>" in html
    assert "Datos del gobierno líder" in html
    assert "Oficina responsable y persona de contacto" in html
    assert "Contacto: falta indicar oficina responsable, persona de contacto, " in html
    assert "Al menos un socio no gubernamental" in html
    assert (
        "Socios: agregue al menos un socio no gubernamental (sociedad civil, academia, "
        "grupo comunitario...)."
    ) in html
    assert "Motivos y ambición: falta responder: “¿Por qué su gobierno quiere sumarse" in html
    assert f"Carta de intención de {application.lead_government.name}" in html
    assert "Al menos una carta de apoyo de una organización no gubernamental" in html
    assert ">Corregir</a>" in html
    assert "Fix this" not in html and "Checklist" not in html


def test_form_errors_and_labels_read_spanish(client):
    call = CallFactory()
    login(client, UserFactory(language="es"))

    response = client.post(
        reverse("application_start", kwargs={"slug": call.slug}),
        {"name": "Municipalidad de Renca", "country": "", "term_ends_on": "no es una fecha"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["term_ends_on"] == ["Introduzca una fecha válida."]
    assert errors["country"] == ["Este campo es obligatorio."]
    html = response.content.decode()
    assert "Corrija lo siguiente:" in html
    assert "Nombre del gobierno" in html
    assert "Por ejemplo: Gobierno Autónomo Municipal de La Paz." in html
    assert "Idioma de la postulación" in html
    assert "Fin del mandato de la administración actual" in html
    assert "Introduzca una fecha válida." in html
    assert "Crear la postulación" in html


def test_the_submission_confirmation_is_written_in_the_editor_language(mailoutbox):
    application = complete_application(ApplicationFactory())
    editor = application.owner_user
    editor.language = "es"
    editor.save(update_fields=["language"])

    domain.submit_application(application=application, user=editor, publication_consent=True)
    # Tasks are not eager in the tests: run the queued confirmation here, in-process.
    send_submission_confirmation.apply(args=[application.pk])

    application.refresh_from_db()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [editor.email]
    assert message.subject == f"[OGP Local] Postulación {application.reference} enviada"
    with translation.override("es"):
        when = date_filter(application.submitted_at, "DATETIME_FORMAT")
        zone = date_filter(application.submitted_at, "T")
    assert message.body.splitlines()[:5] == [
        f"Estimado/a {editor.full_name}:",
        "",
        f"Se envió la postulación {application.reference} de "
        f"{application.lead_government.name} a «{application.call.title}».",
        f"Fecha de envío: {when} {zone}",
        "",
    ]
    assert (
        "La Unidad de Apoyo de OGP verificará que esté completa y luego la revisará. "
        "Le escribiremos cuando se tome una decisión."
    ) in message.body
    assert message.body.rstrip().endswith("El equipo de OGP Local")
    assert " de 20" in when  # a Spanish date: "5 de marzo de 2026 a las 10:00"
