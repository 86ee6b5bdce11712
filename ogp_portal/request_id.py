"""A request id on every log record, carried into the Celery tasks that the request queues.

The id comes from the proxy's ``X-Request-ID`` header when it looks like one (so the proxy's
and the portal's logs can be joined), or is made here; the response says it back. A task
queued while a request is handled gets the id as a message header, and its worker logs under
the same id.
"""

import contextvars
import logging
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _VALID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


@before_task_publish.connect(weak=False)
def _send_request_id(headers=None, **kwargs):
    request_id = request_id_var.get()
    if headers is not None and request_id != "-":
        headers.setdefault("request_id", request_id)


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect(weak=False)
def _receive_request_id(task_id=None, task=None, **kwargs):
    request_id = getattr(task.request, "request_id", None) or "-"
    _task_tokens[task_id] = request_id_var.set(str(request_id))


@task_postrun.connect(weak=False)
def _forget_request_id(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)
