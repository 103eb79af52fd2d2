from django.http import HttpResponse
from django.test import RequestFactory

from config.middleware import ServerTimingMiddleware


def test_server_timing_says_how_long_django_took():
    response = ServerTimingMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))
    name, duration = response["Server-Timing"].split(";dur=")
    assert name == "app" and 0 <= float(duration) < 1000
