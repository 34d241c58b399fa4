"""Two real Syncthing instances on this machine share one medlog store while medlog writes on
both (issue 21): once they agree, each device's next command puts back what it logged that a
sync dropped (``own_lines``), ``medlog merge`` absorbs any conflict copy, and every dose either
device logged is in the history once.

Nothing leaves the machine: both instances listen and serve their REST API on 127.0.0.1 only,
know each other by a fixed loopback address, and have global and local discovery, relays,
NAT traversal, STUN, usage and crash reporting and upgrades off. About 30 seconds, in every
run: .ci/run installs Syncthing, and a machine without it skips this test, saying so.
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medlog.conflicts import copies
from tests.conftest import program
from tests.sync.conftest import history_ids, process

FOLDER = "medlog-store"
CONFIG = """<configuration version="36">
    <folder id="{folder}" label="medlog" path="{path}" type="sendreceive" rescanIntervalS="5"
            fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{me}"></device>
        <device id="{peer}"></device>
        <maxConflicts>-1</maxConflicts>
    </folder>
    <device id="{me}" name="{name}" compression="metadata"><address>dynamic</address></device>
    <device id="{peer}" name="peer" compression="metadata">
        <address>tcp://127.0.0.1:{peer_port}</address>
    </device>
    <gui enabled="true" tls="false">
        <address>127.0.0.1:{gui_port}</address>
        <apikey>{apikey}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
        <globalAnnounceServer></globalAnnounceServer>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <stunServer></stunServer>
        <stunKeepaliveStartS>0</stunKeepaliveStartS>
        <stunKeepaliveMinS>0</stunKeepaliveMinS>
        <urAccepted>-1</urAccepted>
        <urURL></urURL>
        <crashReportingEnabled>false</crashReportingEnabled>
        <crashReportingURL></crashReportingURL>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <releasesURL></releasesURL>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Instance:
    """One Syncthing: its config directory, its ports, its device id and its process."""

    def __init__(self, binary: str, root: Path, name: str, store: Path) -> None:
        self.binary, self.name, self.store = binary, name, store
        self.home = root / f"syncthing-{name}"
        self.port, self.gui_port = free_port(), free_port()
        self.apikey = f"medlog-test-{name}-{random.randrange(10**9)}"
        self.env = dict(os.environ) | {
            "HOME": str(root / f"home-{name}"),
            "STNODEFAULTFOLDER": "1",
            "STNOUPGRADE": "1",
            "STNORESTART": "1",
            "all_proxy": "",
            "ALL_PROXY": "",
        }
        generated = subprocess.run(
            [binary, "generate", f"--home={self.home}", "--no-default-folder",
             "--skip-port-probing"],
            capture_output=True, text=True, env=self.env, check=True, timeout=60,
        )  # fmt: skip
        found = re.search(r"Device ID: ([A-Z0-9-]{63})", generated.stdout + generated.stderr)
        assert found, generated.stdout + generated.stderr
        self.device_id = found.group(1)
        self.process: subprocess.Popen[bytes] | None = None

    def configure(self, peer: Instance) -> None:
        (self.home / "config.xml").write_text(
            CONFIG.format(
                folder=FOLDER, path=self.store, me=self.device_id, peer=peer.device_id,
                name=self.name, peer_port=peer.port, gui_port=self.gui_port,
                apikey=self.apikey, port=self.port,
            )
        )  # fmt: skip
        (self.store / ".stfolder").mkdir(exist_ok=True)

    def start(self) -> None:
        log = (self.home / "log.txt").open("wb")
        self.process = subprocess.Popen(
            [self.binary, "serve", f"--home={self.home}", "--no-browser", "--no-restart",
             "--no-upgrade"],
            stdout=log, stderr=subprocess.STDOUT, env=self.env,
        )  # fmt: skip

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)

    def rest(self, path: str) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}", headers={"X-API-Key": self.apikey}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (loopback)
            return json.loads(answer.read())


def until(condition: Any, what: str, timeout: float = 120) -> None:
    """Wait for ``condition()`` to hold, polling; fail naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:  # not listening yet
            pass
        time.sleep(0.5)
    pytest.fail(f"Syncthing: {what} did not happen within {timeout:.0f} s")


def contents(store: Path) -> dict[str, bytes]:
    """The store's files as medlog and the person see them (not Syncthing's own)."""
    return {
        path.name: path.read_bytes()
        for path in store.iterdir()
        if path.is_file() and not path.name.startswith((".syncthing.", "~syncthing~"))
    }


def in_step(instances: list[Instance]) -> bool:
    """Both instances idle, needing nothing, and both stores' files the same, twice in a row
    a second apart (a change being scanned would show in between)."""
    for _ in range(2):
        for one in instances:
            status = one.rest(f"/rest/db/status?folder={FOLDER}")
            if status["state"] != "idle" or status["needTotalItems"] != 0:
                return False
        if contents(instances[0].store) != contents(instances[1].store):
            return False
        time.sleep(1)
    return True


@pytest.fixture
def syncthing_pair(tmp_path: Path) -> Iterator[list[Instance]]:
    binary = program("syncthing")
    stores = [tmp_path / "laptop", tmp_path / "phone"]
    for store in stores:
        store.mkdir(mode=0o700)
    pair = [Instance(binary, tmp_path, name, store) for name, store in
            zip(("laptop", "phone"), stores, strict=True)]  # fmt: skip
    pair[0].configure(pair[1])
    pair[1].configure(pair[0])
    try:
        for one in pair:
            one.start()
        for one, peer in (pair, pair[::-1]):
            until(
                lambda one=one, peer=peer: (
                    one.rest("/rest/system/connections")["connections"]
                    .get(peer.device_id, {})
                    .get("connected")
                ),
                f"{one.name} connecting to {peer.name}",
            )
        yield pair
    finally:
        for one in pair:
            one.stop()


def test_two_syncthings_with_medlog_writing_on_both_lose_nothing(
    syncthing_pair: list[Instance],
) -> None:
    """The laptop sets up the store and it syncs; then both devices log doses a moment apart,
    over and over, while Syncthing syncs; once they agree, each device runs a command (putting
    back what a sync dropped) and the laptop merges any conflict copy, and they agree again:
    every dose logged is in both devices' history once."""
    laptop, phone = (one.store for one in syncthing_pair)
    set_up = [
        ("add", "lexapro", "--dose", "10mg", "--schedule", "daily 08:00", "--start", "2026-11-01"),
        ("add", "magnesium glycinate", "--dose", "200mg", "--schedule", "daily 21:00",
         "--start", "2026-11-01"),
    ]  # fmt: skip
    # No dose is logged before the devices write at once: the first doses append to the empty
    # journal.jsonl that add made with the store (journal.create). When each device's first
    # dose instead created the file, Syncthing 1.19.2 was seen replacing the laptop's new file
    # with the phone's, with no conflict copy: the laptop's first dose was lost.
    for args in set_up:
        code, _, err = process(laptop, "2026-11-01T07:00", *args)
        assert code == 0, err
    until(lambda: in_step(syncthing_pair), "the first sync")
    shuffle = random.Random(21)
    notes: list[str] = []
    for round_ in range(12):
        now = f"2026-11-{2 + round_:02d}T22:00"
        for device, store, item, amount in (
            ("laptop", laptop, "lexapro", "10mg"),
            ("phone", phone, "magnesium glycinate", "200mg"),
        ):
            note = f"{device}-{round_}"
            code, _, err = process(store, now, "take", item, amount, "--note", note)
            assert code == 0, err
            notes.append(note)
        time.sleep(shuffle.choice((0, 0.3, 1.0, 2.5)))
    until(lambda: in_step(syncthing_pair), "agreeing after the doses")
    end = "2026-11-14T23:00"
    for _ in range(5):
        # Each device's next command puts back what it logged and a sync dropped (own_lines);
        # the laptop merges any conflict copy. Then they agree again, until neither acts.
        put_back = [store.name for store in (laptop, phone)
                    if "missing from journal.jsonl" in process(store, end, "today")[2]]  # fmt: skip
        conflicted = copies(laptop)
        if conflicted:
            code, out, err = process(laptop, end, "merge")
            assert code == 0, err
        print(f"put back on {put_back or 'neither'}; {len(conflicted)} conflict copies merged")
        if not put_back and not conflicted:
            break
        until(lambda: in_step(syncthing_pair) and not copies(phone), "agreeing again")
    for store in (laptop, phone):
        code, out, err = process(store, end, "history", "--format", "json", "--since", "2026-11-01")
        assert code == 0, err
        shown = [event["note"] for event in json.loads(out)["events"] if event["note"]]
        assert sorted(shown) == sorted(notes), "a dose lost or counted twice"
        assert len(history_ids(process, store, end)) == len(notes)
        assert process(store, end, "check")[0] == 0
