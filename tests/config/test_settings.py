import os
import subprocess
import sys

from django.conf import settings

from config.celery import app

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 60 + "-a-production-secret-from-the-environment",
    "ALLOWED_HOSTS": "proctor.example.org",
    "DATABASE_URL": "postgres://proctor@127.0.0.1:5432/proctor",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env):
    env = env | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_production_settings_pass_check_deploy():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}} | PRODUCTION
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_celery_is_json_only_acks_late_and_routes_grading():
    conf = app.conf
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"
    assert conf.task_acks_late and conf.worker_prefetch_multiplier == 1
    assert conf.task_soft_time_limit < conf.task_time_limit
    route = conf.task_routes["grader.tasks.grade_submission"]
    assert route == {"queue": "grading"}


def test_an_unknown_sandbox_mode_is_refused():
    env = dict(os.environ) | {"SANDBOX_MODE": "none-please"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SANDBOX_MODE must be bwrap or insecure-dev" in result.stderr


def test_operator_limits_come_from_sandbox_variables():
    env = dict(os.environ) | {"SANDBOX_WALL_SECONDS": "7.5", "SANDBOX_MAX_PROCESSES": "40"}
    result = manage(
        "shell", "-c", "from grader import services; print(services.base_limits())", env=env
    )
    assert "wall_seconds=7.5" in result.stdout and "max_processes=40" in result.stdout
