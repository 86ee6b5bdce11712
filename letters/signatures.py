"""The digital signatures embedded in a PDF letter, read with pyHanko.

We report who signed, when, and whether the signature still matches the document. We never
judge the signer's certificate: no trust roots are consulted, so a signature is at most
"intact" (the document is the one that was signed), never "valid".
"""

import io
from datetime import datetime

import pikepdf
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, DiffResult, ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation.generic_cms import extract_self_reported_ts, validate_sig_integrity
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from .validation import SignatureInfo

# Changes after signing that leave what the signer saw unchanged: further signatures,
# timestamps and filled-in form fields. Anything else (new content, annotations) counts as
# a change to the signed document.
HARMLESS_LATER_CHANGES = ModificationLevel.FORM_FILLING


def read_signatures(data: bytes) -> tuple[SignatureInfo, ...]:
    """Every signature in the PDF ``data``, in signing order; () for an unsigned PDF.

    A signature that cannot be read is reported with ``unreadable_reason`` set rather than
    raising: the file is untrusted and a damaged signature is a finding, not an error.
    """
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            # Protected against editing only: the empty user password opens it for reading.
            reader.decrypt("")
        fields = list(enumerate_sig_fields(reader, filled_status=True))
    except Exception as error:  # any parser failure on untrusted bytes
        return _unreadable_signature_fields(data, error)
    return tuple(
        _read_signature(reader, name, field)
        for name, value, field in fields
        if not _is_document_timestamp(value)
    )


def _read_signature(reader, field_name, field) -> SignatureInfo:
    try:
        signature = EmbeddedPdfSignature(reader, field, field_name)
        signature.compute_integrity_info(diff_policy=DEFAULT_DIFF_POLICY)
        return SignatureInfo(
            signer=_signer_name(signature),
            signed_at=_signing_time(signature),
            intact=_digest_matches(signature),
            covers_whole_document=_covers_whole_document(signature),
        )
    except Exception as error:  # any failure on untrusted bytes makes this one unreadable
        return SignatureInfo.unreadable(_describe(error))


def _is_document_timestamp(value) -> bool:
    """A document timestamp proves when, not who: it is not a signature of the letter."""
    try:
        return value.get_object().get("/Type") == "/DocTimeStamp"
    except Exception:  # an unreadable value is left for _read_signature to report
        return False


def _signer_name(signature: EmbeddedPdfSignature) -> str:
    subject = signature.signer_cert.subject
    common_name = subject.native.get("common_name")
    if isinstance(common_name, list):
        common_name = " ".join(common_name)
    return (common_name or subject.human_friendly).strip()


def _signing_time(signature: EmbeddedPdfSignature) -> datetime | None:
    """The signing time from the signed attributes, else the signature dictionary's /M.

    The signed attribute is in UTC; /M usually carries the signer's own offset, as the
    visible stamp does ("Fecha: 2024.01.24 16:19:23 -03'00'"), so /M is preferred when both
    name the same moment.
    """
    signed = extract_self_reported_ts(signature.signer_info)
    declared = _declared_time(signature)
    if signed is None:
        return declared
    if declared is not None and abs((declared - signed).total_seconds()) < 60:
        return declared
    return signed


def _declared_time(signature: EmbeddedPdfSignature) -> datetime | None:
    try:
        declared = generic.parse_pdf_date(signature.sig_object["/M"], strict=False)
    except Exception:  # absent or malformed /M: the signed attribute will do
        return None
    return declared if declared.tzinfo is not None else None


def _digest_matches(signature: EmbeddedPdfSignature) -> bool:
    """The signed bytes hash to the signed digest, and the signature over that digest holds."""
    digest_matches, signature_holds = validate_sig_integrity(
        signature.signer_info,
        signature.signer_cert,
        expected_content_type="data",
        actual_digest=signature.compute_digest(),
    )
    return digest_matches and signature_holds


def _covers_whole_document(signature: EmbeddedPdfSignature) -> bool:
    """Whether the signature covers the file, apart from harmless later additions."""
    if signature.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    result = signature.diff_result
    return (
        signature.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and isinstance(result, DiffResult)
        and result.modification_level <= HARMLESS_LATER_CHANGES
    )


def _unreadable_signature_fields(data: bytes, error: Exception) -> tuple[SignatureInfo, ...]:
    """pyHanko could not read the document: report each filled signature field pikepdf finds."""
    reason = _describe(error)
    try:
        with pikepdf.open(io.BytesIO(data)) as document:
            fields = document.Root.get("/AcroForm", {}).get("/Fields", [])
            signed = [field for field in fields if field.get("/FT") == "/Sig" and "/V" in field]
    except Exception:  # not readable by either library: nothing to report on
        return ()
    return tuple(SignatureInfo.unreadable(reason) for _ in signed)


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]
