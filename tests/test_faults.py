"""Faults: a worker killed mid-batch, a full disk, a build interrupted by SIGINT or SIGTERM.

Whatever happens: no partial .pptx under the final name, no temporary files left behind, an
existing output untouched, an exit code that says what happened (1 for a problem, 130 for
Ctrl-C, 143 for SIGTERM), and a batch manifest that is valid JSON and matches the files.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from coprod_slides.batch import WORKER_DIED, BatchOptions, expand_matrix, run_batch
from coprod_slides.cli import main

PREVIOUS = b"the deck from yesterday"
SPEC = """
title: Faults
audiences:
  citizens: {description: People who use services}
  board: {description: The board}
  staff: {description: Front-line staff}
slides:
  - {type: title, id: cover}
  - {type: bullets, id: agenda, title: Agenda, bullets: [One, Two, Three]}
"""
posix_only = pytest.mark.skipif(os.name != "posix", reason="signals and fork are POSIX")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "deck.yaml").write_text(textwrap.dedent(SPEC), encoding="utf-8")
    return tmp_path


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def assert_manifest_matches_files(out_dir: Path) -> dict[str, dict]:
    """Valid JSON; every built/skipped entry's file exists with its size; no stray decks."""
    data = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    entries = {entry["output"]: entry for entry in data["variants"]}
    decks = {p.name: p.stat().st_size for p in out_dir.glob("*.pptx")}
    for name, entry in entries.items():
        if entry["status"] in ("built", "skipped"):
            assert decks.get(name) == entry["size"], name
    assert set(decks) <= set(entries), f"decks not in the manifest: {set(decks) - set(entries)}"
    assert temp_files(out_dir) == []
    return entries


# ---------------------------------------------------------------- a worker dies


@posix_only
@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the crash is injected into forked workers"
)
def test_a_killed_worker_fails_only_its_own_variant(project, monkeypatch):
    """SIGKILL inside one variant's worker (as the OOM killer would): that variant fails with
    a clear line; the others, lost with the broken pool, are rebuilt and succeed."""
    import coprod_slides.build as build_module

    real_build = build_module.build

    def build_or_die(spec, options=None):
        if options is not None and options.audience == "board":
            os.kill(os.getpid(), signal.SIGKILL)
        return real_build(spec, options)

    monkeypatch.setattr(build_module, "build", build_or_die)  # forked workers inherit it
    out = project / "out"
    variants = expand_matrix([project / "deck.yaml"], ("citizens", "board", "staff"), ())
    outcomes = run_batch(variants, BatchOptions(out, jobs=2))
    status = {o.variant.audience: o.status for o in outcomes}
    assert status == {"citizens": "built", "board": "failed", "staff": "built"}
    board = next(o for o in outcomes if o.variant.audience == "board")
    assert board.errors == [WORKER_DIED]
    entries = assert_manifest_matches_files(out)
    assert entries["deck-board.pptx"]["status"] == "failed"
    assert not (out / "deck-board.pptx").exists()


@posix_only
@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the crash is injected into forked workers"
)
def test_killed_worker_keeps_the_previous_deck_and_exit_code_is_1(project, monkeypatch):
    import coprod_slides.build as build_module

    out = project / "out"
    runner = CliRunner()
    monkeypatch.chdir(project)
    first = runner.invoke(main, ["batch", "deck.yaml", "-a", "all", "-o", "out", "-j", "2"])
    assert first.exit_code == 0, first.output
    before = (out / "deck-board.pptx").read_bytes()
    (project / "deck.yaml").write_text(textwrap.dedent(SPEC).replace("Three", "Four"))
    real_build = build_module.build

    def build_or_die(spec, options=None):
        if options is not None and options.audience == "board":
            os._exit(3)
        return real_build(spec, options)

    monkeypatch.setattr(build_module, "build", build_or_die)
    result = runner.invoke(main, ["batch", "deck.yaml", "-a", "all", "-o", "out", "-j", "2"])
    assert result.exit_code == 1
    assert WORKER_DIED in result.stderr
    assert "Traceback" not in result.output
    assert (out / "deck-board.pptx").read_bytes() == before  # the old deck, untouched
    entries = assert_manifest_matches_files(out)
    assert [entries[f"deck-{a}.pptx"]["status"] for a in ("citizens", "board", "staff")] == [
        "built",
        "failed",
        "built",
    ]


# ---------------------------------------------------------------- the disk fills up


class _FullDisk:
    """A temporary file that takes half the bytes, then reports ENOSPC (like a full disk)."""

    def __init__(self, real):
        self._real = real
        self.name = real.name

    def write(self, data):
        self._real.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._real.close()
        return False


def fill_disk_for(monkeypatch, name_part: str) -> None:
    """Make the atomic writer's temporary file for names containing ``name_part`` hit ENOSPC."""
    import coprod_slides.atomic as package

    real = package.tempfile.NamedTemporaryFile

    def named_temporary_file(*args, **kwargs):
        handle = real(*args, **kwargs)
        return _FullDisk(handle) if name_part in kwargs.get("prefix", "") else handle

    monkeypatch.setattr(package.tempfile, "NamedTemporaryFile", named_temporary_file)


def test_disk_full_keeps_the_previous_deck(project, monkeypatch):
    out = project / "deck.pptx"
    out.write_bytes(PREVIOUS)
    fill_disk_for(monkeypatch, "deck.pptx")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "deck.yaml", "-o", "deck.pptx"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "deck.pptx: could not write the deck (No space left on device); nothing was written",
        "1 problem found; nothing was written.",
    ]
    assert out.read_bytes() == PREVIOUS
    assert temp_files(project) == []


def test_disk_full_in_a_batch_fails_that_variant_only(project, monkeypatch):
    fill_disk_for(monkeypatch, "deck-board.pptx")
    out = project / "out"
    variants = expand_matrix([project / "deck.yaml"], ("all",), ())
    outcomes = run_batch(variants, BatchOptions(out, jobs=1))
    status = {o.variant.audience: o.status for o in outcomes}
    assert status == {"citizens": "built", "board": "failed", "staff": "built"}
    board = next(o for o in outcomes if o.variant.audience == "board")
    assert board.errors == [
        f"{out / 'deck-board.pptx'}: could not write the deck (No space "
        "left on device); nothing was written"
    ]
    assert_manifest_matches_files(out)


def test_disk_full_for_the_manifest_keeps_the_old_one(project, monkeypatch):
    out = project / "out"
    variants = expand_matrix([project / "deck.yaml"], ("citizens",), ())
    run_batch(variants, BatchOptions(out, jobs=1))
    before = (out / "manifest.json").read_bytes()
    fill_disk_for(monkeypatch, "manifest.json")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["batch", "deck.yaml", "-a", "all", "-o", "out", "-j", "1"])
    assert result.exit_code == 1
    assert (
        "out/manifest.json: could not write the manifest (No space left on device)" in result.stderr
    )
    assert "Traceback" not in result.output
    assert (out / "manifest.json").read_bytes() == before
    json.loads(before)
    assert temp_files(out) == []


# ---------------------------------------------------------------- interrupted builds

# Runs the real CLI in its own process, pausing at one stage (PAUSE_AT) so the test can send a
# signal at a known moment: "render" (building in memory) or "write" (the temporary file is
# written, not yet renamed over the output). "audience:<name>" pauses that batch variant.
RUNNER = textwrap.dedent("""
    import os, sys, time

    stage, seconds = os.environ["PAUSE_AT"], float(os.environ.get("PAUSE_SECONDS", "60"))

    def pause():
        print("PAUSED", flush=True)
        time.sleep(seconds)

    if stage == "render":
        import coprod_slides.build as build
        real_render = build.render_bytes
        def render_bytes(*args, **kwargs):
            pause()
            return real_render(*args, **kwargs)
        build.render_bytes = render_bytes
    elif stage == "write":
        real_fsync = os.fsync
        def fsync(fd):
            pause()
            real_fsync(fd)
        os.fsync = fsync
    elif stage.startswith("audience:"):
        import coprod_slides.build as build
        real_build = build.build
        def slow_build(spec, options=None):
            if options is not None and options.audience == stage.split(":", 1)[1]:
                pause()
            return real_build(spec, options)
        build.build = slow_build

    from coprod_slides.cli import main
    main()
""")


def start(project: Path, args: list[str], pause_at: str, seconds: float = 60):
    env = {**os.environ, "PAUSE_AT": pause_at, "PAUSE_SECONDS": str(seconds)}
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, *args],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # a shell running us in the background may ignore SIGINT; the CLI must see it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for_pause(proc, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready and proc.stdout.readline().strip() == "PAUSED":
            return
        if proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"never paused; stderr: {proc.stderr.read()}")


@posix_only
@pytest.mark.parametrize("stage", ["render", "write"])
@pytest.mark.parametrize(
    "signum, code, words",
    [
        (signal.SIGINT, 130, "interrupted (Ctrl-C); no partial output was left."),
        (signal.SIGTERM, 143, "stopped by SIGTERM; no partial output was left."),
    ],
)
def test_interrupted_build_leaves_no_partial_deck(project, stage, signum, code, words):
    out = project / "deck.pptx"
    out.write_bytes(PREVIOUS)
    proc = start(project, ["build", "deck.yaml", "-o", "deck.pptx"], stage)
    try:
        wait_for_pause(proc)
        if stage == "write":
            assert temp_files(project), "the temporary deck should exist mid-write"
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, stderr
    assert stderr.strip() == words
    assert out.read_bytes() == PREVIOUS
    assert temp_files(project) == []


@posix_only
def test_sigterm_mid_batch_keeps_the_manifest_consistent(project):
    """Serial batch: citizens built, SIGTERM while board builds; the manifest lists citizens
    and nothing half-made is left."""
    proc = start(
        project, ["batch", "deck.yaml", "-a", "all", "-o", "out", "-j", "1"], "audience:board"
    )
    try:
        wait_for_pause(proc)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr
    entries = assert_manifest_matches_files(project / "out")
    assert set(entries) == {"deck-citizens.pptx"}
    assert entries["deck-citizens.pptx"]["status"] == "built"


@posix_only
def test_ctrl_c_mid_parallel_batch_lets_running_builds_finish(project):
    """Ctrl-C reaches the whole process group: workers ignore it and finish the deck they are
    writing, queued variants are dropped, and the manifest matches the folder."""
    proc = start(
        project,
        ["batch", "deck.yaml", "-a", "all", "-o", "out", "-j", "2"],
        "audience:board",
        seconds=3,
    )
    try:
        wait_for_pause(proc)
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    entries = assert_manifest_matches_files(project / "out")
    assert entries["deck-board.pptx"]["status"] == "built"  # it was running: it finished
