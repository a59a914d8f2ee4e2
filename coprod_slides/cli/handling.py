"""How a command ends: exit codes, one line per problem, signals, closed pipes.

Exit codes: 0 success, 1 problems in the input or the environment (spec, assets,
catalogues, permissions, a deleted working folder), 2 usage errors (click's own),
3 an unexpected internal error (a bug), 130 interrupted (Ctrl-C), 141 the reader of our
output went away (``| head -1``, as git does), 143 stopped by SIGTERM.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
import threading
import traceback
from pathlib import Path

import click

from ..build import builtin_spec
from ..errors import SpecError, format_problem

EXIT_INPUT = 1
EXIT_INTERNAL = 3
EXIT_SIGNAL = 128  # + the signal number: 130 for Ctrl-C (SIGINT), 143 for SIGTERM
EXIT_CLOSED_PIPE = EXIT_SIGNAL + 13  # SIGPIPE, as git and ls report a closed reader

MISSING_CWD = (
    "the current folder no longer exists (was it deleted or moved?); "
    "cd into an existing folder and run the command again"
)


def report_problems(exc: SpecError, context: str | None = None) -> None:
    for problem in exc.problems:
        click.echo(format_problem(problem, context), err=True)
    count = len(exc.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)


def _context(kwargs: dict) -> str | None:
    """The spec a command works on, as messages name it (for problems that name no file)."""
    spec = kwargs.get("spec")
    specs = kwargs.get("specs")
    if spec is None and specs and len(specs) == 1:
        spec = specs[0]
    if spec is None and "spec" in kwargs:
        spec = builtin_spec()
    if spec is None:
        return None
    from ..deckspec.loader import display_path  # lazy: PyYAML and the model, only to name a spec

    try:
        return display_path(Path(spec))
    except OSError:
        return str(spec)


class Terminated(BaseException):
    """SIGTERM (or SIGHUP) arrived: unwind like Ctrl-C so temporary files are cleaned up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum, frame) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _termination_unwinds():
    """While a command runs, SIGTERM/SIGHUP raise Terminated (restored afterwards)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, _raise_terminated)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _is_closed_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (
        isinstance(exc, OSError) and exc.errno in (errno.EPIPE, errno.EINVAL) and _stdout_closed()
    )


def _stdout_closed() -> bool:
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        return True
    except OSError as exc:
        return exc.errno == errno.EPIPE
    return False


def quiet_closed_pipe() -> None:
    """The reader of stdout went away: end quietly, without Python's flush-time complaint."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_CLOSED_PIPE)


def environment_message(exc: OSError) -> str | None:
    """One line for an operating-system refusal that names a file, or None."""
    name = exc.filename
    if isinstance(exc, FileNotFoundError) and _cwd_missing():
        return MISSING_CWD
    if name is None:
        return None
    where = os.fspath(name)
    if isinstance(exc, PermissionError):
        return (
            f"{where}: permission denied; choose a folder you can write to, or fix its permissions"
        )
    if isinstance(exc, FileNotFoundError):
        return f"{where}: no such file or folder"
    if exc.errno == errno.ENOSPC:
        return f"{where}: the disk is full; free some space and try again"
    if exc.errno == errno.ELOOP:
        return f"{where}: a symbolic link points back at itself (a loop); remove or fix it"
    if exc.strerror:
        return f"{where}: {exc.strerror.lower()}"
    return None


def _cwd_missing() -> bool:
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    return False


def handle_errors(func):
    """Turn input errors into one line each and a non-zero exit; no traceback unless --debug.

    Ctrl-C exits 130 and SIGTERM 143 (128 + the signal), after the atomic writer has removed
    its temporary file: an interrupted build leaves no partial deck and an existing one as
    it was. A closed stdout ends quietly with 141. Exit 3 is left for real bugs.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        debug = kwargs.get("debug", False)
        try:
            with _termination_unwinds():
                result = func(*args, **kwargs)
                sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
                return result
        except SpecError as exc:
            if debug:
                traceback.print_exc()
            report_problems(exc, _context(kwargs))
            sys.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo("interrupted (Ctrl-C); no partial output was left.", err=True)
            sys.exit(EXIT_SIGNAL + signal.SIGINT)
        except Terminated as exc:
            name = signal.Signals(exc.signum).name
            click.echo(f"stopped by {name}; no partial output was left.", err=True)
            sys.exit(EXIT_SIGNAL + exc.signum)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except OSError as exc:
            if _is_closed_pipe(exc):
                quiet_closed_pipe()
            message = environment_message(exc)
            if message is None:
                _internal_error(exc, debug)
            if debug:
                traceback.print_exc()
            click.echo(f"{message}; nothing was written.", err=True)
            sys.exit(EXIT_INPUT)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            _internal_error(exc, debug)

    return wrapper


def _internal_error(exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    click.echo(
        f"internal error: {type(exc).__name__}: {exc} "
        "(a bug: please report it; run with --debug for details)",
        err=True,
    )
    sys.exit(EXIT_INTERNAL)
