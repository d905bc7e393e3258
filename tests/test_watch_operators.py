"""What the README gives operators to run the nightly job is complete and real: the cron line and the systemd
units name only options `legalgraph watch` has, the service fails to its notifier, runs as its own user in a
sandbox that lets it write beside the store only, and the timer starts it after DILA's deliveries."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

from legalgraph.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## The nightly job") : README.index("## Serve the graph")]


def units() -> dict[str, configparser.ConfigParser]:
    """Each ```ini block of the section, by the unit file name printed just before it."""
    out = {}
    for m in re.finditer(r"`(/etc/systemd/system/[^`]+)`[^\n]*\n```ini\n(.*?)```", SECTION, re.S):
        unit = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#",))
        unit.optionxform = str  # systemd keys are case-sensitive
        unit.read_string(m.group(2))
        out[Path(m.group(1)).name] = unit
    return out


def watch_args(command: str) -> list[str]:
    words = shlex.split(command)
    return words[words.index("watch") :]


def test_the_units_and_the_cron_line_are_all_there():
    assert set(units()) == {
        "legalgraph-watch.service",
        "legalgraph-watch-notify@.service",
        "legalgraph-watch.timer",
    }
    assert re.search(r"^\d+ [\d,]+ \* \* \* .*legalgraph watch .*--quiet$", SECTION, re.M)


def test_every_command_line_the_readme_gives_parses_as_legalgraph_watch():
    service = units()["legalgraph-watch.service"]
    cron = re.search(r"^\d+ [\d,]+ \* \* \* +(.*)$", SECTION, re.M).group(1)
    for command in (service["Service"]["ExecStart"], cron.split("&&")[-1]):
        args = build_parser().parse_args(watch_args(command))  # exits (fails the test) on an unknown option
        assert args.source.startswith("https://") and args.store == "/var/lib/legalgraph/store"


def test_the_service_fails_to_its_notifier_and_runs_sandboxed_beside_the_store():
    service = units()["legalgraph-watch.service"]
    unit, svc = service["Unit"], service["Service"]
    assert (
        unit["OnFailure"].startswith("legalgraph-watch-notify@") and "network-online.target" in unit["After"]
    )
    assert svc["User"] == "legalgraph" and svc["Type"] == "oneshot"
    assert (
        svc["ProtectSystem"] == "strict" and svc["NoNewPrivileges"] == "true" and svc["PrivateTmp"] == "true"
    )
    store = Path(build_parser().parse_args(watch_args(svc["ExecStart"])).store)
    assert any(store.is_relative_to(p) for p in map(Path, svc["ReadWritePaths"].split()))
    # exit codes 3 (nothing new) and 4 (locked) are not failures; the job's own deadline comes first
    assert set(svc["SuccessExitStatus"].split()) == {"3", "4"}
    deadline = build_parser().parse_args(watch_args(svc["ExecStart"])).deadline
    assert deadline and float(deadline) < int(svc["TimeoutStartSec"].rstrip("h")) * 3600
    assert "%i" in units()["legalgraph-watch-notify@.service"]["Service"]["ExecStart"]


def test_the_timer_runs_after_each_delivery_and_catches_up_missed_runs():
    timer = units()["legalgraph-watch.timer"]
    assert timer["Timer"]["Persistent"] == "true" and timer["Install"]["WantedBy"] == "timers.target"
    assert re.fullmatch(r"\*-\*-\* [\d,]+:\d\d", timer["Timer"]["OnCalendar"])
