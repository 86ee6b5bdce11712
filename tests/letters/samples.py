"""Letter files for tests, built in memory: every builder returns the file's bytes.

Real files, made by the same libraries a sender's software would use: WeasyPrint for PDFs,
pikepdf to add what a hostile PDF carries, Pillow for scans, pyHanko (with a self-signed
certificate made on the fly) for digitally signed letters. Builders are cached where they are
slow; bytes are immutable, so sharing them between tests is safe.

    samples.pdf("Fundación Tribu supports the Municipality.", pages=2)
    samples.jpeg(800, 1100)
    samples.signed_pdf(signer_name="Carolina Leitao")
"""

import functools
import html
import io
import struct
import zlib
from datetime import UTC, datetime, timedelta, timezone

import pikepdf
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigFieldSpec
from pyhanko_certvalidator.registry import SimpleCertificateStore
from weasyprint import HTML

# The signing time of signed_pdf(): a Chilean letter signed on 24 January 2024, 16:19 (UTC-3).
SIGNING_TIME = datetime(2024, 1, 24, 16, 19, 23, tzinfo=timezone(timedelta(hours=-3)))


# --- PDFs ------------------------------------------------------------------------------


@functools.cache
def pdf(text: str = "We support this application to OGP Local.", pages: int = 1) -> bytes:
    """A text PDF made by WeasyPrint: ``text`` on the first page, then ``pages - 1`` more."""
    body = [f"<p>{html.escape(text)}</p>"] + [
        f'<p class="page">Page {number}</p>' for number in range(2, pages + 1)
    ]
    document = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Letter</title>"
        "<style>.page { break-before: page; }</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )
    return HTML(string=document).write_pdf()


def changed_pdf(change, data: bytes | None = None) -> bytes:
    """``data`` (default: pdf()) after ``change(document)`` has edited it with pikepdf."""
    with pikepdf.open(io.BytesIO(data or pdf())) as document:
        change(document)
        output = io.BytesIO()
        document.save(output)
    return output.getvalue()


def pdf_with_javascript() -> bytes:
    """A PDF that runs JavaScript when opened (catalog /OpenAction)."""

    def add_script(document):
        document.Root.OpenAction = pikepdf.Dictionary(
            S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hello');")
        )

    return changed_pdf(add_script)


def pdf_with_launch_action() -> bytes:
    """A PDF whose first page has a link that launches a program."""

    def add_link(document):
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[72, 72, 272, 144],
            A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")),
        )
        document.pages[0].Annots = document.make_indirect(pikepdf.Array([link]))

    return changed_pdf(add_link)


def pdf_with_attachment() -> bytes:
    """A PDF carrying an embedded file (the catalog's /Names /EmbeddedFiles)."""

    def attach(document):
        document.attachments["invoice.exe"] = pikepdf.AttachedFileSpec(
            document, b"MZ\x90\x00", filename="invoice.exe"
        )

    return changed_pdf(attach)


def encrypted_pdf(data: bytes | None = None) -> bytes:
    """A PDF encrypted with an empty user password and an owner password that forbids
    editing: it opens without asking, as many signed government letters do."""
    locked = pikepdf.Permissions(
        modify_other=False, modify_annotation=False, modify_form=False, modify_assembly=False
    )
    with pikepdf.open(io.BytesIO(data or pdf())) as document:
        output = io.BytesIO()
        document.save(output, encryption=pikepdf.Encryption(user="", owner="secret", allow=locked))
    return output.getvalue()


def password_pdf() -> bytes:
    """A PDF that needs a password to open."""
    with pikepdf.open(io.BytesIO(pdf())) as document:
        output = io.BytesIO()
        document.save(output, encryption=pikepdf.Encryption(user="open", owner="secret"))
    return output.getvalue()


@functools.cache
def signed_encrypted_pdf(signer_name: str = "Carolina Leitao") -> bytes:
    """encrypted_pdf() digitally signed afterwards (with the owner password, as signing tools
    do), so the signature is over the protected file."""
    key, certificate = _self_signed_identity(signer_name)
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([certificate]),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(encrypted_pdf(pdf("Carta firmada y protegida."))))
    writer.encrypt("secret")
    pdf_signer = _SignerAtFixedTime(
        signers.PdfSignatureMetadata(field_name="Signature1"),
        signer=signer,
        new_field_spec=SigFieldSpec("Signature1", box=(350, 60, 560, 120)),
        signing_time=SIGNING_TIME,
    )
    return pdf_signer.sign_pdf(writer).getvalue()


def truncated_pdf() -> bytes:
    """The first half of a PDF, as an interrupted download leaves it."""
    data = pdf("This letter was cut off.", pages=2)
    return data[: len(data) // 2]


# --- Digitally signed PDFs ------------------------------------------------------------


@functools.cache
def _self_signed_identity(common_name: str):
    """A key and a self-signed certificate for ``common_name`` (asn1crypto objects)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CL"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2023, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2033, 1, 1, tzinfo=UTC))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return (
        asn1_keys.PrivateKeyInfo.load(key_der),
        asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
    )


class _SignerAtFixedTime(signers.PdfSigner):
    """pyHanko signs at the current time; tests want a known one (signed attribute and /M)."""

    def __init__(self, *args, signing_time, **kwargs):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._signing_time
        return session


@functools.cache
def signed_pdf(
    signer_name: str = "Carolina Leitao",
    text: str = "La Municipalidad de Renca manifiesta su intención de unirse a OGP Local.",
    signing_time: datetime = SIGNING_TIME,
) -> bytes:
    """pdf(text) digitally signed by ``signer_name`` at ``signing_time``, with a visible stamp."""
    return _sign(pdf(text), signer_name, signing_time=signing_time)


def _sign(
    data: bytes,
    signer_name: str,
    *,
    field_name: str = "Signature1",
    box: tuple[int, int, int, int] = (350, 60, 560, 120),
    signing_time: datetime = SIGNING_TIME,
) -> bytes:
    key, certificate = _self_signed_identity(signer_name)
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([certificate]),
    )
    pdf_signer = _SignerAtFixedTime(
        signers.PdfSignatureMetadata(field_name=field_name, reason="Carta de intención"),
        signer=signer,
        new_field_spec=SigFieldSpec(field_name, box=box),
        signing_time=signing_time,
    )
    return pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data))).getvalue()


def tampered_signed_pdf() -> bytes:
    """signed_pdf() with one signed byte changed: still a readable PDF, but the digest differs.

    The byte is in the binary comment on the second line, which every reader skips, so
    only the signature notices.
    """
    data = bytearray(signed_pdf())
    assert data[9:10] == b"%", "expected the binary comment line after the header"
    data[11] ^= 0x01
    return bytes(data)


def signed_pdf_changed_after_signing() -> bytes:
    """signed_pdf() with a red rectangle drawn over the page in a later incremental update.

    The signed bytes are untouched, so the signature itself is intact; but what a reader
    sees is no longer what was signed.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf()))
    drawing = writer.add_object(generic.StreamObject(stream_data=b"q 1 0 0 rg 0 0 600 800 re f Q"))
    writer.add_stream_to_page(0, drawing)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@functools.cache
def countersigned_pdf(second_signer: str = "Claudio Castro") -> bytes:
    """signed_pdf() signed again by ``second_signer``, as a letter signed by two people is."""
    return _sign(signed_pdf(), second_signer, field_name="Signature2", box=(50, 60, 260, 120))


def signed_pdf_with_unreadable_signature() -> bytes:
    """signed_pdf() with the start of its signature's /Contents overwritten with zeros."""
    data = bytearray(signed_pdf())
    start = data.index(b"/Contents <") + len(b"/Contents <")
    data[start : start + 40] = b"0" * 40
    return bytes(data)


# --- Scans -----------------------------------------------------------------------------


def _scan(width: int, height: int) -> Image.Image:
    """A white page with a dark band where the text would be."""
    image = Image.new("RGB", (width, height), "white")
    image.paste((30, 30, 30), (width // 10, height // 10, width * 9 // 10, height // 5))
    return image


@functools.cache
def jpeg(width: int = 800, height: int = 1100) -> bytes:
    output = io.BytesIO()
    _scan(width, height).save(output, format="JPEG", quality=70)
    return output.getvalue()


@functools.cache
def png(width: int = 800, height: int = 1100) -> bytes:
    output = io.BytesIO()
    _scan(width, height).save(output, format="PNG")
    return output.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A small PNG whose header claims ``width`` x ``height`` pixels (900 million by default).

    Decoding it would take about a gigabyte of memory; its pixel data is a few bytes of zeros.
    """
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _png_chunk(b"IEND", b"")
    )


# --- Files that are not letters --------------------------------------------------------


def svg() -> bytes:
    """An SVG image with a script in it."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        b"<script>alert(document.cookie)</script>"
        b'<text x="10" y="50">Carta de apoyo</text></svg>\n'
    )


def html_named_pdf() -> bytes:
    """An HTML page, as a sender might upload it under the name "letter.pdf"."""
    return (
        b"<!DOCTYPE html>\n<html><head><title>Carta</title></head>"
        b"<body><p>Apoyamos esta solicitud.</p>"
        b"<script>document.location='https://example.com/'</script></body></html>\n"
    )


def windows_executable() -> bytes:
    """The start of a Windows program (MZ and PE headers)."""
    dos_header = b"MZ" + b"\x90\x00\x03\x00" + b"\x00" * 54 + struct.pack("<I", 64)
    return dos_header + b"PE\x00\x00" + b"\x4c\x01" + b"\x00" * 200


@functools.cache
def letter_pdf(*lines: str) -> bytes:
    """A text PDF letter with one paragraph per line (a closing block reads as lines)."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    document = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Letter</title></head>"
        f"<body>{body}</body></html>"
    )
    return HTML(string=document).write_pdf()


SUPPORT_LETTER_LINES = (
    "Fundación Tribu",
    "Santiago, 16 de junio de 2023",
    "Apoyamos la postulación de la Municipalidad de Renca a OGP Local.",
    "Atentamente,",
    "María José Fernández",
    "Directora Ejecutiva",
    "Fundación Tribu",
)
