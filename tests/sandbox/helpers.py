"""Small helpers shared by the sandbox tests."""

import os
import subprocess
import textwrap
import uuid

from sandbox import Job, Limits, Observations, cgroups, run


def run_code(
    code: str,
    *extra_args: str,
    files=None,
    env=None,
    isolation="bwrap",
    proc_reads=False,
    **limits,
) -> Observations:
    """Run a Python snippet as /job/main.py with the given limit overrides."""
    job_files = {"main.py": textwrap.dedent(code).encode()}
    job_files.update(files or {})
    job = Job(files=job_files, argv=("python3", "/job/main.py", *extra_args), env=env or {})
    return run(job, Limits().with_overrides(**limits), isolation, proc_reads=proc_reads)


def our_job_cgroups() -> list[str]:
    """Directories of job cgroups created by this process, in every hierarchy."""
    prefix = f"job-{os.getpid()}-"
    found = []
    for parent in set(cgroups.hierarchy().parents.values()):
        if os.path.isdir(parent):
            found += [os.path.join(parent, n) for n in os.listdir(parent) if n.startswith(prefix)]
    return sorted(found)


def new_marker() -> str:
    return f"proctor-test-{uuid.uuid4().hex}"


def host_processes_with(marker: str) -> list[str]:
    """Host processes whose command line contains marker (i.e. leaked job processes)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(f"{name}: {cmdline!r}")
    return found


def host_processes_of_uid(uid: int) -> list[str]:
    """`ps` lines of the host processes (zombies included) that belong to uid."""
    result = subprocess.run(
        ["ps", "-u", str(uid), "-o", "pid=,stat=,args="],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in result.stdout.splitlines() if line.strip()]


def by_pid(obs: Observations) -> dict:
    return {record.pid: record for record in obs.processes}
