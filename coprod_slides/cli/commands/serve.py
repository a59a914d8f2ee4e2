"""``coprod-slides serve``: the tailoring page on a local web server (waitress)."""

from __future__ import annotations

import ipaddress
import threading
import webbrowser
from pathlib import Path

import click

from ...build import builtin_spec
from ..handling import handle_errors
from ..options import debug_option, spec_argument, spec_label

INSTALL_WEB = (
    "the web page needs its extra: pip install 'coprod-slides[web]' (or pip install '.[web]')"
)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@spec_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a web browser.")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 16),
    help="Builds and previews that may run at once; more requests wait their turn.",
)
@debug_option
@handle_errors
def serve(
    spec: Path | None, host: str, port: int, open_browser: bool, workers: int, debug: bool
) -> None:
    """A local web page to tailor, preview and download SPEC (no SPEC: the workshop)."""
    try:
        import flask  # noqa: F401 - lazy: optional web extras (INSTALL_WEB if missing)
        import waitress  # lazy: as above
    except ImportError:
        raise click.ClickException(INSTALL_WEB) from None
    from ...web.app import create_app  # lazy: Flask and the build stack, when it runs

    if not is_loopback(host):
        click.echo(
            f"warning: listening on {host}, not loopback: anyone who can reach this machine "
            "can use the page. Put it behind your intranet's access control.",
            err=True,
        )
    app = create_app(spec or builtin_spec(), workers=workers)
    server = waitress.create_server(
        app,
        host=host,
        port=port,
        threads=max(4, workers * 2),
        connection_limit=64,
        max_request_body_size=app.config["MAX_CONTENT_LENGTH"] + 64 * 1024,
        clear_untrusted_proxy_headers=True,
    )
    url = f"http://{host if ':' not in host else f'[{host}]'}:{server.effective_port}/"
    click.echo(
        f"serving {spec_label(spec) if spec else 'the workshop deck'} at {url} (Ctrl-C to stop)"
    )
    if open_browser:
        threading.Timer(0.5, webbrowser.open, (url,)).start()
    try:
        server.run()
    finally:
        server.task_dispatcher.shutdown(timeout=30)
        server.close()
        app.extensions["coprod"].close()
