"""The sandbox child's one reply, as plain JSON (letters/sandbox.py).

The child ran parsers on untrusted bytes, so what it sends is untrusted too: the web process
never unpickles it. It reads one JSON object of bounded size and rebuilds the InspectedLetter
field by field, checking each type; anything else is "could not check". The size and SHA-256
are the web process's own, computed from the bytes it holds.
"""

import hashlib
import json
from datetime import datetime

from .validation import ACCEPTED_FORMATS, InspectedLetter, LetterRefused, SignatureInfo

# Extracted text is at most validation.MAX_TEXT_CHARS characters, six bytes each at worst.
MAX_REPLY_BYTES = 4 * 1024 * 1024
MAX_MESSAGE_CHARS = 2000


class UnreadableReply(ValueError):
    """The child's reply is not what a child that followed the rules sends."""


def letter_reply(letter: InspectedLetter) -> bytes:
    return _encode(
        {
            "kind": "letter",
            "content_type": letter.content_type,
            "format_label": letter.format_label,
            "page_count": letter.page_count,
            "text": letter.text,
            "edit_protected": letter.edit_protected,
            "signatures": [
                {
                    "signer": signature.signer,
                    "signed_at": signature.signed_at.isoformat() if signature.signed_at else None,
                    "intact": signature.intact,
                    "covers_whole_document": signature.covers_whole_document,
                    "unreadable_reason": signature.unreadable_reason,
                }
                for signature in letter.signatures
            ],
        }
    )


def refusal_reply(refusal: LetterRefused) -> bytes:
    return _encode({"kind": "refused", "code": refusal.code, "message": refusal.message})


def failure_reply(kind: str) -> bytes:
    """``kind``: "memory" (the child ran out of memory) or "failed" (a parser failed)."""
    return _encode({"kind": kind})


def _encode(reply: dict) -> bytes:
    return json.dumps(reply, ensure_ascii=False).encode()


def read_reply(raw: bytes, *, data: bytes) -> tuple[str, InspectedLetter | LetterRefused | None]:
    """("letter", InspectedLetter), ("refused", LetterRefused), ("memory", None) or
    ("failed", None). Raises UnreadableReply for anything else."""
    try:
        reply = json.loads(raw.decode())
    except (UnicodeDecodeError, ValueError) as error:
        raise UnreadableReply("not JSON") from error
    if not isinstance(reply, dict):
        raise UnreadableReply("not an object")
    kind = reply.get("kind")
    if kind in ("memory", "failed"):
        return kind, None
    if kind == "refused":
        code = _field(reply, "code", str)
        message = _field(reply, "message", str)[:MAX_MESSAGE_CHARS]
        return kind, LetterRefused(code[:50], message)
    if kind == "letter":
        return kind, _letter(reply, data)
    raise UnreadableReply("unknown kind")


def _letter(reply: dict, data: bytes) -> InspectedLetter:
    content_type = _field(reply, "content_type", str)
    if content_type not in {accepted.content_type for accepted in ACCEPTED_FORMATS}:
        raise UnreadableReply("content type")
    signatures = _field(reply, "signatures", list)
    return InspectedLetter(
        content_type=content_type,
        format_label=_field(reply, "format_label", str)[:50],
        size=len(data),
        page_count=_field(reply, "page_count", int),
        sha256=hashlib.sha256(data).hexdigest(),
        text=_field(reply, "text", str),
        signatures=tuple(_signature(signature) for signature in signatures),
        edit_protected=_field(reply, "edit_protected", bool),
    )


def _signature(reply) -> SignatureInfo:
    if not isinstance(reply, dict):
        raise UnreadableReply("signature")
    signed_at = reply.get("signed_at")
    if signed_at is not None:
        try:
            signed_at = datetime.fromisoformat(_field(reply, "signed_at", str))
        except ValueError as error:
            raise UnreadableReply("signing time") from error
    return SignatureInfo(
        signer=_field(reply, "signer", str),
        signed_at=signed_at,
        intact=_field(reply, "intact", bool),
        covers_whole_document=_field(reply, "covers_whole_document", bool),
        unreadable_reason=_field(reply, "unreadable_reason", str),
    )


def _field(reply: dict, name: str, kind: type):
    value = reply.get(name)
    # bool is an int in Python: a page count of True is not a count.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise UnreadableReply(name)
    return value
