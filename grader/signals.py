"""Worker start-up: sweep what dead jobs left, self-test the sandbox, refuse work if it fails."""

import logging

from celery.signals import celeryd_after_setup, worker_shutdown
from django.conf import settings

import sandbox

from . import health

log = logging.getLogger(__name__)
GRADING_QUEUES = ("grading", "maintenance")


@celeryd_after_setup.connect
def self_test_before_consuming(sender: str, instance, **kwargs) -> None:
    """Runs before the worker consumes anything: a failing self-test drops its queues."""
    if settings.SANDBOX_MODE == "insecure-dev":
        log.warning(
            "SANDBOX_MODE=insecure-dev: student code runs WITHOUT isolation on %s; "
            "every verdict is marked unsandboxed. Never use this with real students.",
            sender,
        )
    else:
        sandbox.sweep_stale()
    problems = health.sandbox_problems()
    if problems:
        instance.app.amqp.queues.deselect(GRADING_QUEUES)
        log.error(
            "The sandbox self-test failed, so this worker will not grade: %s",
            "; ".join(problems),
        )
    else:
        log.info("The sandbox self-test passed: network, files and processes are contained.")
    health.record(sender, problems)


@worker_shutdown.connect
def forget_worker(sender=None, **kwargs) -> None:
    if sender is not None:
        health.forget(sender.hostname)
