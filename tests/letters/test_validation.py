"""letters.validation and letters.signatures on real files built by tests/letters/samples.py."""

import hashlib

import pikepdf
import pytest
from django.utils import translation

from letters import validation
from letters.enums import SignatureStatus
from letters.signatures import read_signatures
from letters.validation import (
    InspectedLetter,
    LetterRefused,
    SignatureInfo,
    inspect_letter,
    tidy_text,
)
from tests.letters import samples


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(data: bytes, **limits) -> LetterRefused:
    with pytest.raises(LetterRefused) as caught:
        inspect_letter(data, **limits)
    return caught.value


def assert_explains(refused: LetterRefused):
    """A sentence for the sender: says what is wrong, then what to send instead."""
    message = refused.message
    assert message == str(refused)
    assert message[0].isupper() and message.endswith(".")
    assert " Please " in message


# --- Accepted files ----------------------------------------------------------------------


def test_a_pdf_is_accepted_with_its_pages_hash_and_text():
    data = samples.pdf("Fundación Tribu supports the Municipality of Renca.", pages=2)

    letter = inspect_letter(data)

    assert letter == InspectedLetter(
        content_type="application/pdf",
        format_label="PDF",
        size=len(data),
        page_count=2,
        sha256=hashlib.sha256(data).hexdigest(),
        text="Fundación Tribu supports the Municipality of Renca.\fPage 2",
        signatures=(),
    )
    assert letter.signature_status == SignatureStatus.NONE


@pytest.mark.parametrize(
    ("data", "content_type", "label"),
    [
        (samples.jpeg(800, 1100), "image/jpeg", "JPEG"),
        (samples.png(800, 1100), "image/png", "PNG"),
    ],
)
def test_a_scan_is_accepted_as_one_page_without_text(data, content_type, label):
    assert inspect_letter(data) == InspectedLetter(
        content_type=content_type,
        format_label=label,
        size=len(data),
        page_count=1,
        sha256=hashlib.sha256(data).hexdigest(),
        text="",
        signatures=(),
    )


def test_a_jpeg_with_data_after_its_end_is_accepted():
    # Phones append videos or maker data after the end-of-image marker.
    data = samples.jpeg(400, 300) + b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500
    assert inspect_letter(data).content_type == "image/jpeg"


def test_a_pdf_whose_cross_reference_offset_is_wrong_is_repaired_and_accepted():
    data = samples.pdf("Repaired", pages=2)
    end = data.rindex(b"startxref")
    damaged = data[:end] + b"startxref\n999\n%%EOF\n"

    assert inspect_letter(damaged).page_count == 2


def test_a_pdf_that_opens_on_its_first_page_is_not_active_content():
    def open_on_first_page(document):
        document.Root.OpenAction = pikepdf.Array([document.pages[0].obj, pikepdf.Name.Fit])

    assert inspect_letter(samples.changed_pdf(open_on_first_page)).page_count == 1


def test_a_pdf_with_a_web_link_is_accepted():
    def add_web_link(document):
        action = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://ogp.org/"))
        document.pages[0].Annots = document.make_indirect(
            pikepdf.Array([_link(action)]),
        )

    assert inspect_letter(samples.changed_pdf(add_web_link)).page_count == 1


# --- Refusals ----------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    refused = refusal(b"")
    assert refused.code == "empty"
    assert_explains(refused)


def test_a_file_over_the_size_limit_is_refused():
    refused = refusal(samples.jpeg(), max_bytes=1000)
    assert refused.code == "too_large"
    assert refused.message == (
        f"The file is {len(samples.jpeg()) / 1024:.1f}\xa0KB; the limit is 1000\xa0bytes. "
        "Please send a smaller file: export the PDF with a lower image quality, or scan the "
        "letter at 150 to 300 dpi."
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(samples.svg(), id="svg"),
        pytest.param(samples.html_named_pdf(), id="html"),
        pytest.param(samples.windows_executable(), id="exe"),
        pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 60, id="elf"),
        pytest.param(b"Estimados:\nApoyamos la solicitud.\n", id="text"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", id="gif"),
        pytest.param(b"  %PDF-1.7\n%%EOF\n", id="pdf-not-at-start"),
    ],
)
def test_a_file_that_is_not_a_pdf_or_scan_is_refused_whatever_it_is_called(data):
    refused = refusal(data)
    assert refused.code == "not_a_letter_format"
    assert refused.message == (
        "This file is not a PDF, JPEG or PNG, whatever its name says. Please send the letter "
        "as a PDF, or a scan or photo of it as JPEG or PNG."
    )


def test_a_word_document_is_refused_with_advice_to_save_it_as_pdf():
    refused = refusal(b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + b"\x00" * 40)
    assert refused.code == "not_a_letter_format"
    assert refused.message == (
        "This file is a document such as Word or a compressed archive, not a PDF. "
        "Please open the letter and save or export it as PDF, then upload the PDF."
    )


def test_a_cut_off_pdf_is_refused_as_truncated():
    refused = refusal(samples.truncated_pdf())
    assert refused.code == "truncated"
    assert_explains(refused)


@pytest.mark.parametrize("data", [samples.jpeg(), samples.png()], ids=["jpeg", "png"])
@pytest.mark.parametrize("kept", [0.5, 0.99], ids=["half", "all-but-the-end"])
def test_a_cut_off_scan_is_refused_as_truncated(data, kept):
    refused = refusal(data[: int(len(data) * kept)])
    assert refused.code == "truncated"
    assert_explains(refused)


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n", "PDF"),
        (b"\xff\xd8\xff\xd9", "JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x00IEND\xaeB`\x82", "PNG"),
    ],
)
def test_a_file_that_cannot_be_parsed_is_refused(data, label):
    refused = refusal(data)
    assert refused.code == "unparsable"
    assert refused.message == (
        f"This file could not be read as a {label}; it may be damaged. Please save or export "
        "the letter again as a PDF, or send a scan of it as JPEG or PNG."
    )


def test_a_pdf_protected_only_against_editing_is_accepted_and_flagged():
    inspected = inspect_letter(samples.encrypted_pdf())
    assert inspected.edit_protected is True
    assert inspected.page_count == 1
    assert inspected.text == "We support this application to OGP Local."


def test_a_plain_pdf_is_not_flagged_as_protected():
    assert inspect_letter(samples.pdf()).edit_protected is False


def test_the_signature_of_a_pdf_protected_against_editing_is_read():
    inspected = inspect_letter(samples.signed_encrypted_pdf())
    assert inspected.edit_protected is True
    assert inspected.signature_status == SignatureStatus.INTACT
    [signature] = inspected.signatures
    assert signature.signer == "Carolina Leitao"
    assert signature.signed_at == samples.SIGNING_TIME


def test_a_pdf_that_needs_a_password_is_refused():
    refused = refusal(samples.password_pdf())
    assert refused.code == "encrypted"
    assert_explains(refused)


def _link(action):
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 72, 272, 144], A=action
    )


def _with_link_action(kind):
    def change(document):
        action = pikepdf.Dictionary(S=pikepdf.Name(kind), F=pikepdf.String("other.pdf"))
        document.pages[0].Annots = document.make_indirect(pikepdf.Array([_link(action)]))

    return samples.changed_pdf(change)


def _with_document_level_script(document):
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    document.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("hello"), script]))
    )


def _with_page_opening_a_web_page(document):
    visit = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.com/"))
    document.pages[0].obj.AA = pikepdf.Dictionary(O=visit)


def _with_xfa_form(document):
    document.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=pikepdf.Array())


@pytest.mark.parametrize(
    ("data", "what"),
    [
        pytest.param(samples.pdf_with_javascript(), "scripts (JavaScript)", id="open-action-js"),
        pytest.param(
            samples.changed_pdf(_with_document_level_script), "scripts (JavaScript)", id="names-js"
        ),
        pytest.param(
            samples.pdf_with_launch_action(), "an action that starts a program", id="launch"
        ),
        pytest.param(
            _with_link_action("/SubmitForm"), "a form that sends data elsewhere", id="submit-form"
        ),
        pytest.param(_with_link_action("/ImportData"), "a form that imports data", id="import"),
        pytest.param(_with_link_action("/GoToR"), "links that open other files", id="gotor"),
        pytest.param(samples.pdf_with_attachment(), "attached files", id="embedded-file"),
        pytest.param(samples.changed_pdf(_with_xfa_form), "a dynamic (XFA) form", id="xfa"),
        pytest.param(
            samples.changed_pdf(_with_page_opening_a_web_page),
            "actions that run when the document is opened or viewed",
            id="page-aa",
        ),
    ],
)
def test_a_pdf_with_active_content_is_refused(data, what):
    refused = refusal(data)
    assert refused.code == "active_content"
    assert refused.message == (
        f"This PDF contains {what}, which we do not accept for safety. Please send a plain PDF "
        "(for example with \u201cPrint to PDF\u201d or \u201cSave as PDF\u201d), or a scan of "
        "the letter."
    )


def test_a_pdf_with_more_pages_than_allowed_is_refused():
    refused = refusal(samples.pdf("Annexes", pages=3), max_pages=2)
    assert refused.code == "too_many_pages"
    assert refused.message == (
        "This PDF has 3 pages; a letter may have at most 2. Please send the letter alone, "
        "without annexes."
    )


def test_a_pdf_with_too_many_objects_to_check_is_refused(monkeypatch):
    monkeypatch.setattr(validation, "MAX_PDF_OBJECTS", 5)
    refused = refusal(samples.pdf())
    assert refused.code == "too_complex"
    assert_explains(refused)


def test_an_image_claiming_huge_dimensions_is_refused_before_decoding():
    refused = refusal(samples.png_bomb())
    assert refused.code == "too_many_pixels"
    assert refused.message == (
        "This image has more pixels than we can process (the limit is 60 million). "
        "Please send a smaller scan: 150 to 300 dpi is plenty for a letter."
    )


@pytest.mark.parametrize("data", [samples.jpeg(800, 1100), samples.png(800, 1100)])
def test_a_scan_over_the_pixel_limit_is_refused(data):
    assert refusal(data, max_pixels=800 * 1100 - 1).code == "too_many_pixels"
    assert inspect_letter(data, max_pixels=800 * 1100).page_count == 1


# --- Digital signatures ------------------------------------------------------------------

CAROLINA = SignatureInfo(
    signer="Carolina Leitao",
    signed_at=samples.SIGNING_TIME,
    intact=True,
    covers_whole_document=True,
)


def test_a_signed_pdf_reports_its_signer_time_and_an_intact_signature():
    letter = inspect_letter(samples.signed_pdf())

    assert letter.signatures == (CAROLINA,)
    assert letter.signatures[0].signed_at.isoformat() == "2024-01-24T16:19:23-03:00"
    assert letter.signature_status == SignatureStatus.INTACT


def test_a_letter_signed_by_two_people_reports_both():
    letter = inspect_letter(samples.countersigned_pdf("Claudio Castro"))

    assert [signature.signer for signature in letter.signatures] == [
        "Carolina Leitao",
        "Claudio Castro",
    ]
    assert all(signature.matches_document for signature in letter.signatures)
    assert letter.signature_status == SignatureStatus.INTACT


def test_a_signed_pdf_with_a_changed_byte_reports_a_broken_signature():
    letter = inspect_letter(samples.tampered_signed_pdf())

    assert letter.signatures == (
        SignatureInfo(
            signer="Carolina Leitao",
            signed_at=samples.SIGNING_TIME,
            intact=False,
            covers_whole_document=True,
        ),
    )
    assert letter.signature_status == SignatureStatus.BROKEN


def test_content_added_after_signing_breaks_the_match_with_the_document():
    letter = inspect_letter(samples.signed_pdf_changed_after_signing())

    assert letter.signatures == (
        SignatureInfo(
            signer="Carolina Leitao",
            signed_at=samples.SIGNING_TIME,
            intact=True,
            covers_whole_document=False,
        ),
    )
    assert letter.signature_status == SignatureStatus.BROKEN


def test_a_signature_that_cannot_be_read_is_reported_as_unreadable():
    letter = inspect_letter(samples.signed_pdf_with_unreadable_signature())

    (signature,) = letter.signatures
    assert (signature.signer, signature.signed_at, signature.intact) == ("", None, False)
    assert signature.unreadable_reason.startswith("ValueError: ")
    assert letter.signature_status == SignatureStatus.UNREADABLE


@pytest.mark.parametrize(
    ("signatures", "status"),
    [
        ((), SignatureStatus.NONE),
        ((CAROLINA,), SignatureStatus.INTACT),
        ((CAROLINA, SignatureInfo.unreadable("bad")), SignatureStatus.UNREADABLE),
        (
            (SignatureInfo.unreadable("bad"), SignatureInfo("X", None, False, True)),
            SignatureStatus.BROKEN,
        ),
    ],
)
def test_signature_status_summarises_the_signatures(signatures, status):
    letter = InspectedLetter("application/pdf", "PDF", 1, 1, "0" * 64, "", signatures)
    assert letter.signature_status == status


def test_an_unsigned_pdf_has_no_signatures():
    assert read_signatures(samples.pdf()) == ()


def test_reading_signatures_of_a_damaged_file_does_not_raise():
    assert read_signatures(samples.truncated_pdf()) == ()


# --- Text ----------------------------------------------------------------------------------


def test_extracted_text_is_tidied_and_safe_to_store():
    raw = "  Estimados\tseñores:\n\n\x00Apoyamos\u00a0la   solicitud.\ud800 \n  \n"
    assert tidy_text(raw) == "Estimados señores:\nApoyamos la solicitud."
