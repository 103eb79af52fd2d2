"""Server-Timing: how long Django spent on a response, for benchmarks and browsers' dev tools."""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=<ms>` (the time inside Django, queueing excluded).

    First in the chain so that it times every other middleware too. On only when
    SERVER_TIMING=true: the header tells a client how long its request took to serve.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response
