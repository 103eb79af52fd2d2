from grader import health


def test_no_grading_worker_is_a_503(db, client, monkeypatch):
    # The seam: the real worker registry is exercised in tests/integration/test_worker_health.py.
    monkeypatch.setattr(health, "workers", lambda: [{"hostname": "w@h", "ok": False}])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "ok": False,
        "checks": {"database": True, "redis": True, "grading_workers": 0},
        "workers_refusing": 1,
    }


def test_staff_see_why_a_worker_refuses(db, client, teacher, monkeypatch):
    from ..factories import PASSWORD

    state = {"hostname": "w@h", "ok": False, "problems": ["bwrap missing"]}
    monkeypatch.setattr(health, "workers", lambda: [state])
    client.login(username=teacher.username, password=PASSWORD)
    assert client.get("/healthz").json()["workers"] == [state]
