"""Letters are read in a child process with a time and a memory limit (issue 10, item 13).

The child comes from a fork server, not from this process: a parser replaced here would not be
replaced there, so "a file that hangs a parser" or "exhausts memory" is a judge from
tests/letters/faulty.py passed by name, not a monkeypatch.
"""

import threading
import time

import pytest
from django.utils import translation

from letters import domain, sandbox, validation
from letters.enums import LetterKind
from letters.models import Letter
from letters.validation import LetterRefused
from tests.factories import ApplicationFactory
from tests.letters import faulty, samples


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


def test_a_file_that_hangs_a_parser_costs_one_refusal_after_the_time_limit():
    started = time.monotonic()
    with pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(samples.pdf(), seconds=1, judge=faulty.hang)
    assert 1 <= time.monotonic() - started < 4
    assert refused.value.code == "too_slow"
    assert "took too long" in refused.value.message


def test_a_file_that_exhausts_memory_is_refused_and_the_parent_is_unharmed():
    with pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(samples.pdf(), memory_mb=256, judge=faulty.exhaust_memory)
    assert refused.value.code == "too_much_memory"
    keep = bytearray(300 * 1024 * 1024)  # the limit was the child's alone
    assert len(keep) == 300 * 1024 * 1024


def test_a_parser_that_crashes_the_child_is_a_refusal():
    with pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(samples.pdf(), judge=faulty.crash)
    assert refused.value.code == "could_not_check"


def test_a_lock_another_thread_holds_does_not_hang_the_check():
    """The web process runs several threads. A child forked from it would inherit a lock
    another thread holds at that moment, locked for good: the check would hang until the time
    limit and refuse a good letter. The fork server's child starts with it free."""
    taken, release = threading.Event(), threading.Event()

    def hold_the_lock():
        with faulty.LOCK:
            taken.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert taken.wait(5)
        started = time.monotonic()
        inspected = sandbox.inspect_letter_isolated(
            samples.pdf(), seconds=3, judge=faulty.inspect_under_lock
        )
        assert time.monotonic() - started < 2
        assert inspected.page_count == 1
    finally:
        release.set()
        holder.join()


def test_the_childs_refusal_is_in_the_requests_language():
    with translation.override("es"), pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(samples.truncated_pdf())
    assert refused.value.code == "truncated"
    assert "cut off" not in refused.value.message
    assert refused.value.message == validation_message_in("es", samples.truncated_pdf())


def test_the_parents_refusal_is_in_the_requests_language_too():
    with translation.override("es"), pytest.raises(LetterRefused) as refused:
        sandbox.inspect_letter_isolated(samples.pdf(), seconds=1, judge=faulty.hang)
    assert refused.value.code == "too_slow"
    with translation.override("es"):
        assert refused.value.message == sandbox._too_slow().message
    assert "took too long" not in refused.value.message


def validation_message_in(language, data):
    with translation.override(language), pytest.raises(LetterRefused) as refused:
        validation.inspect_letter(data)
    return refused.value.message


@pytest.mark.django_db
def test_an_upload_that_hangs_stores_nothing_and_the_request_goes_on(monkeypatch, settings):
    settings.LETTER_PARSE_SECONDS = 1
    isolated = sandbox.inspect_letter_isolated
    monkeypatch.setattr(
        domain, "inspect_letter_isolated", lambda data: isolated(data, judge=faulty.hang)
    )
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
