"""The letter validator on random and malformed bytes: a verdict, never a crash (Hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.validation import InspectedLetter, LetterRefused, inspect_letter
from tests.letters import samples

SAMPLES = {
    "pdf": samples.pdf("Apoyamos la postulación de la Municipalidad.", pages=2),
    "signed": samples.signed_pdf(),
    "protected": samples.encrypted_pdf(),
    "jpeg": samples.jpeg(200, 280),
    "png": samples.png(200, 280),
}
QUICK = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def judge(data: bytes):
    try:
        result = inspect_letter(data)
    except LetterRefused as refusal:
        assert refusal.code and refusal.message.strip()
        return refusal
    assert isinstance(result, InspectedLetter)
    assert result.size == len(data) and len(result.sha256) == 64
    assert "\x00" not in result.text  # PostgreSQL refuses NUL in text
    return result


@st.composite
def mutated(draw):
    """A real letter, damaged: bytes flipped, a slice cut out or repeated, or cut short."""
    data = bytearray(SAMPLES[draw(st.sampled_from(sorted(SAMPLES)))])
    for _ in range(draw(st.integers(1, 6))):
        how = draw(st.sampled_from(["flip", "cut", "repeat", "truncate", "insert"]))
        at = draw(st.integers(0, len(data) - 1))
        if how == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif how == "cut":
            del data[at : at + draw(st.integers(1, 400))]
        elif how == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 400))]
        elif how == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        if not data:
            break
    return bytes(data)


@QUICK
@given(st.binary(max_size=4096))
def test_random_bytes_get_a_verdict(data):
    judge(data)


@QUICK
@given(st.sampled_from([b"%PDF-1.7\n", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"]), st.binary())
def test_random_bytes_behind_a_real_signature_get_a_verdict(magic, rest):
    assert isinstance(judge(magic + rest), LetterRefused)


@QUICK
@given(mutated())
def test_damaged_letters_get_a_verdict(data):
    judge(data)
