"""Browser sessions: each has its own choices and its own temporary folder.

A session is found only by the random id in its cookie; its folder is made under the
server's own temporary root, removed after ``idle_seconds`` without a request and when the
server stops. Nothing a browser sends is ever used as a path.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from .tailoring import BaseDeck, Choices, fresh_choices

IDLE_SECONDS = 30 * 60
MAX_SESSIONS = 200


@dataclass
class Session:
    id: str
    csrf: str
    folder: Path
    choices: Choices
    ui_lang: str = "en"
    last_seen: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)
    messages: list[str] = field(default_factory=list)  # upload problems to show
    template_report: list[str] = field(default_factory=list)
    pictures: set[str] = field(default_factory=set)  # picture keys this session was shown
    build_lock: threading.Lock = field(default_factory=threading.Lock)
    builds: OrderedDict = field(default_factory=OrderedDict)  # build key → Built, newest last


class Sessions:
    """Thread-safe store of sessions, with a temporary root removed at :meth:`close`."""

    def __init__(self, base: BaseDeck, idle_seconds: float = IDLE_SECONDS) -> None:
        self.base = base
        self.idle_seconds = idle_seconds
        self.root = Path(tempfile.mkdtemp(prefix="coprod-slides-serve-"))
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._reaper = threading.Thread(target=self._reap_loop, daemon=True)
        self._reaper.start()

    def get(self, session_id: str | None) -> Session | None:
        with self._lock:
            session = self._sessions.get(session_id or "")
            if session is not None:
                session.last_seen = time.monotonic()
            return session

    def create(self) -> Session:
        with self._lock:
            if len(self._sessions) >= MAX_SESSIONS:
                oldest = min(self._sessions.values(), key=lambda s: s.last_seen)
                self._drop(oldest.id)
            session_id = secrets.token_urlsafe(24)
            folder = Path(tempfile.mkdtemp(prefix="s-", dir=self.root))
            session = Session(
                session_id, secrets.token_urlsafe(24), folder, fresh_choices(self.base)
            )
            self._sessions[session_id] = session
            return session

    def _drop(self, session_id: str) -> None:
        session = self._sessions.pop(session_id, None)
        if session is not None:
            shutil.rmtree(session.folder, ignore_errors=True)

    def reap(self) -> int:
        """Remove sessions idle for longer than ``idle_seconds``; returns how many."""
        now = time.monotonic()
        with self._lock:
            stale = [s.id for s in self._sessions.values() if now - s.last_seen > self.idle_seconds]
            for session_id in stale:
                self._drop(session_id)
        return len(stale)

    def _reap_loop(self) -> None:
        while not self._stop.wait(min(60.0, max(1.0, self.idle_seconds / 4))):
            self.reap()

    def __len__(self) -> int:
        return len(self._sessions)

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            for session_id in list(self._sessions):
                self._drop(session_id)
        shutil.rmtree(self.root, ignore_errors=True)
