"""/healthz: is this site able to take and grade submissions? For load balancers and operators."""

from django.db import connection
from django.http import HttpRequest, JsonResponse

from grader import health


def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok()}
    try:
        workers = health.workers()
        checks["redis"] = True
    except Exception:  # any failure to reach Redis is the answer itself
        workers, checks["redis"] = [], False
    able = [w for w in workers if w.get("ok")]
    checks["grading_workers"] = len(able)
    refusing = len(workers) - len(able)
    body = {"ok": all(checks.values()), "checks": checks, "workers_refusing": refusing}
    if request.user.is_authenticated and request.user.is_staff:
        body["workers"] = workers
    return JsonResponse(body, status=200 if body["ok"] else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False
