"""What else used the machine while a benchmark measured: the figures beside its results.

The two cores are shared: a figure measured while something else ran is not the portal's own.
Each benchmark prints, for its measuring phase, the load average before and after and the CPU
seconds of its own parts (``parts``: a name for each process tree it started or is), of the
whole machine (every process of every user) and of ``others``, the difference.
"""

import contextlib
import os
import time


def tree_seconds(pid) -> float:
    """CPU seconds used so far by process ``pid`` and all its descendants (those already ended
    and waited for included)."""
    import psutil

    try:
        process = psutil.Process(pid)
        processes = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for each in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = each.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


def own_seconds() -> float:
    """CPU seconds used so far by this process alone."""
    import psutil

    return sum(psutil.Process().cpu_times()[:2])


def machine_seconds() -> float:
    import psutil

    times = psutil.cpu_times()
    return (
        times.user
        + times.nice
        + times.system
        + times.irq
        + times.softirq
        + getattr(times, "steal", 0.0)
    )


class Watch:
    """``Watch(parts)`` at the start of a measurement, ``.report()`` at its end: a dict with
    ``cpu_s`` (each part, ``machine``, ``others``), ``wall_s``, ``cores`` and
    ``load_average`` (the 1-minute average before and after). ``parts`` maps a name to a
    function giving that part's CPU seconds so far (``tree_seconds`` of a process)."""

    def __init__(self, parts):
        self.parts = parts
        self.load = os.getloadavg()[0]
        self.started = time.monotonic()
        self.before = self._seconds()

    def _seconds(self):
        return {name: seconds() for name, seconds in self.parts.items()} | {
            "machine": machine_seconds()
        }

    def report(self) -> dict:
        after = self._seconds()
        used = {part: round(after[part] - self.before[part], 1) for part in after}
        used["others"] = round(
            used["machine"] - sum(value for part, value in used.items() if part != "machine"), 1
        )
        return {
            "cpu_s": used,
            "wall_s": round(time.monotonic() - self.started, 1),
            "cores": os.cpu_count(),
            "load_average": [round(self.load, 2), round(os.getloadavg()[0], 2)],
        }
