"""Standard Webhooks signatures (https://www.standardwebhooks.com/): the headers
webhook-id, webhook-timestamp and webhook-signature "v1,<base64 HMAC-SHA256 of
id.timestamp.body>", keyed with the secret's bytes after "whsec_"."""

import base64
import hashlib
import hmac


def secret_bytes(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secrets: list[str], message_id: str, timestamp: int, body: bytes) -> dict:
    """The headers of a delivery signed with each of ``secrets`` (while a rotated secret's
    overlap lasts, two signatures, space-separated, as the standard allows)."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(secret, message_id, timestamp, body) for secret in secrets
        ),
        "content-type": "application/json",
    }


def verify(secret: str, headers: dict, body: bytes) -> bool:
    """For receivers (and the tests): any of the listed v1 signatures matches."""
    expected = signature(secret, headers["webhook-id"], int(headers["webhook-timestamp"]), body)
    return any(
        hmac.compare_digest(expected, candidate)
        for candidate in headers["webhook-signature"].split()
    )
