"""Letters are read in a child process with a time and a memory limit (issue 10, item 13).

The child is forked, so a parser replaced here (by monkeypatch, in the parent) behaves the same
in the child: that is how these tests build "a file that hangs a parser" or "exhausts memory"
without shipping such a file.
"""

import os
import time

import pytest

from letters import domain, sandbox, validation
from letters.enums import LetterKind
from letters.models import Letter
from letters.validation import LetterRefused
from tests.factories import ApplicationFactory
from tests.letters import samples


def hang(*args, **kwargs):
    while True:
        time.sleep(0.05)


def exhaust_memory(*args, **kwargs):
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def crash(*args, **kwargs):
    os.abort()  # a parser that segfaults ends the same way: the child is gone without a word


def test_a_normal_letter_is_read_in_the_child_quickly():
    started = time.monotonic()
    inspected = sandbox.inspect_letter_isolated(samples.signed_pdf())
    assert time.monotonic() - started < 2
    assert inspected == validation.inspect_letter(samples.signed_pdf())
    assert inspected.signatures[0].signer == "Carolina Leitao"


def test_the_childs_refusal_comes_back_with_its_message():
    with pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(samples.truncated_pdf())
    assert refused.value.code == "truncated"
    assert "cut off" in refused.value.message


def test_a_file_that_hangs_a_parser_costs_one_refusal_after_the_time_limit(monkeypatch):
    monkeypatch.setattr(validation, "read_pdf", hang)
    started = time.monotonic()
    with pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(samples.pdf(), seconds=1)
    assert 1 <= time.monotonic() - started < 4
    assert refused.value.code == "too_slow"
    assert "took too long" in refused.value.message


def test_a_file_that_exhausts_memory_is_refused_and_the_parent_is_unharmed(monkeypatch):
    monkeypatch.setattr(validation, "read_pdf", exhaust_memory)
    with pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(samples.pdf(), memory_mb=256)
    assert refused.value.code == "too_much_memory"
    keep = bytearray(300 * 1024 * 1024)  # the limit was the child's alone
    assert len(keep) == 300 * 1024 * 1024


def test_a_parser_that_crashes_the_child_is_a_refusal(monkeypatch):
    monkeypatch.setattr(validation, "read_pdf", crash)
    with pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(samples.pdf())
    assert refused.value.code == "could_not_check"


@pytest.mark.django_db
def test_an_upload_that_hangs_stores_nothing_and_the_request_goes_on(monkeypatch, settings):
    settings.LETTER_PARSE_SECONDS = 1
    monkeypatch.setattr(validation, "read_pdf", hang)
    application = ApplicationFactory()
    with pytest.raises(LetterRefused):
        domain.receive_letter(
            application=application,
            data=samples.pdf(),
            filename="a.pdf",
            details={
                "kind": LetterKind.CIVIL_SOCIETY,
                "author_organisation": "Tribu",
                "signatory_name": "T",
                "signatory_title": "P",
                "signed_on": "2026-11-02",
                "language": "es",
            },
            uploaded_by=application.owner_user,
        )
    assert not Letter.objects.exists()  # and the database connection still works
