"""The submission rate limit, one budget per student for the pages and the API together."""

import math

from rest_framework.throttling import UserRateThrottle


class SubmissionRateThrottle(UserRateThrottle):
    scope = "submissions"  # SUBMISSION_RATE, default 30/min


def seconds_to_wait(request) -> int | None:
    """None if `request`'s user may submit now (and count it); else the seconds to wait."""
    throttle = SubmissionRateThrottle()
    if throttle.allow_request(request, None):
        return None
    return max(1, math.ceil(throttle.wait() or 1))
