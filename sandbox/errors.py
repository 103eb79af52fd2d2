"""Errors of the sandbox platform itself (never of the job it runs)."""


class SandboxError(RuntimeError):
    """The sandbox could not run the job (platform failure, not the job's fault)."""


class SandboxUnavailable(SandboxError):
    """Bubblewrap, namespaces or ptrace are not usable on this machine."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
