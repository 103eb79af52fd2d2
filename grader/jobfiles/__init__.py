"""Files laid into every grading job at /job. They run INSIDE the sandbox, stdlib only."""

from importlib import resources


def read(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()
