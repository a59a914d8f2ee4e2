"""The web app without a browser: what the page maps onto, and its guards."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner

pytest.importorskip("flask")

from coprod_slides.build import BuildOptions, build, builtin_spec  # noqa: E402
from coprod_slides.web import tailoring as t  # noqa: E402
from coprod_slides.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def base():
    return t.load_base(builtin_spec())


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setattr("coprod_slides.web.work.find_tools", lambda: None)  # no LibreOffice
    app = create_app(builtin_spec())
    yield app
    app.extensions["coprod"].close()


def csrf_of(client) -> str:
    page = client.get("/").data.decode()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def spec_bytes(tmp_path, base, choices) -> bytes:
    spec = tmp_path / "tailored.yaml"
    spec.write_text(t.tailored_spec(base, choices), encoding="utf-8")
    return build(spec, t.build_options(base, choices)).data


@pytest.mark.parametrize("audience", [None, "citizens", "practitioners", "board"])
def test_an_untouched_audience_builds_what_the_cli_builds(tmp_path, base, audience):
    choices = t.fresh_choices(base, audience)
    choices.vars = {"org": "Cyngor Sir Ddinbych"}
    expected = build(builtin_spec(), BuildOptions(audience=audience, cli_vars=choices.vars)).data
    assert spec_bytes(tmp_path, base, choices) == expected


def test_practitioners_without_the_slide_its_insert_follows(tmp_path, base):
    """The audience inserts 'values' after 'agenda'; dropping that anchor still works."""
    choices = t.fresh_choices(base, "practitioners")
    assert "values" in choices.ticked
    choices.ticked.discard("agenda")
    choices.order.remove("values")
    choices.order.insert(1, "values")
    choices.titles["group-work"] = "Your turn"
    spec = tmp_path / "tailored.yaml"
    spec.write_text(t.tailored_spec(base, choices), encoding="utf-8")
    deck = build(spec, t.build_options(base, choices)).deck
    assert [s.id for s in deck.slides] == t.selected(choices)
    assert next(s for s in deck.slides if s.id == "group-work").title == "Your turn"
    from coprod_slides.cli.app import main

    command = t.build_args(base, choices, str(spec))
    assert command[:2] == ["coprod-slides", "build"]
    result = CliRunner().invoke(main, [*command[1:], "-o", str(tmp_path / "x.pptx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.pptx").read_bytes() == build(spec, t.build_options(base, choices)).data


@pytest.mark.parametrize("audience", [None, "citizens", "board"])
def test_the_total_and_titles_are_the_audience_s(base, audience):
    deck = build(builtin_spec(), BuildOptions(audience=audience)).deck
    choices = t.fresh_choices(base, audience)
    assert t.total_minutes(base, choices) == sum(s.duration or 0 for s in deck.slides)
    shown = base.slides_for(audience)
    assert [shown[sid].title for sid in t.selected(choices)][1:] == [
        str(s.title) for s in deck.slides
    ][1:]


def test_the_total_follows_the_ticked_slides(base):
    choices = t.fresh_choices(base)
    before = t.total_minutes(base, choices)
    choices.ticked.discard("ladder")
    assert t.total_minutes(base, choices) == before - base.all_slides["ladder"].duration


def test_every_post_needs_the_csrf_token(app):
    client = app.test_client()
    csrf_of(client)
    assert client.post("/tailor", data={"audience": "board"}).status_code == 403
    assert client.post("/tailor", data={"audience": "board", "csrf": "guess"}).status_code == 403
    fresh = app.test_client()  # no session at all: sent back to the page
    assert fresh.post("/tailor", data={"audience": "board"}).status_code == 303


def test_security_headers_and_no_paths(app):
    client = app.test_client()
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/download/..%2f..%2fetc%2fpasswd").status_code == 404
    assert client.get("/picture/../../etc/passwd.png").status_code == 404


def test_a_body_over_the_limit_is_refused(app):
    client = app.test_client()
    csrf = csrf_of(client)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        "/upload/logo",
        data={"csrf": csrf, "file": (io.BytesIO(b"x" * 5000), "a.png")},
    )
    assert response.status_code == 413
    assert b"too big" in response.data


def test_without_libreoffice_the_preview_is_an_outline_with_how_to_install(app):
    client = app.test_client()
    client.get("/")
    page = client.get("/preview").data.decode()
    assert "apt-get install libreoffice-impress" in page
    assert "What is co-production?" in page and "<img" not in page
    assert "Speaker notes" in page


def test_a_bad_title_is_a_message_not_a_traceback(app):
    client = app.test_client()
    csrf = csrf_of(client)
    client.post(
        "/tailor",
        data={
            "csrf": csrf,
            "audience": "",
            "slides_shown": "1",
            "title_intro": "Hi {nobody}",
            "slide": [s.id for s in t.load_base(builtin_spec()).audiences[None].slides],
        },
    )
    page = client.get("/preview").data.decode()
    assert "nobody" in page and "cannot be built yet" in page
    assert "Traceback" not in page


def test_idle_sessions_and_their_folders_are_removed(app):
    sessions = app.extensions["coprod"].sessions
    client = app.test_client()
    client.get("/")
    (folder,) = list(sessions.root.glob("s-*"))
    sessions.idle_seconds = 0
    assert sessions.reap() == 1
    assert not folder.exists()


def test_a_non_loopback_host_warns(monkeypatch):
    from coprod_slides.cli.commands import serve as command

    assert command.is_loopback("127.0.0.1") and command.is_loopback("::1")
    assert not command.is_loopback("0.0.0.0") and not command.is_loopback("192.168.1.5")
    started = []
    monkeypatch.setattr("waitress.create_server", lambda *a, **k: started.append(k) or _Stop())
    from coprod_slides.cli.app import main

    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "0"])
    assert "warning: listening on 0.0.0.0, not loopback" in result.output
    assert started and started[0]["host"] == "0.0.0.0"


class _Stop:
    effective_port = 0

    def run(self):
        raise KeyboardInterrupt

    def close(self):
        pass

    class task_dispatcher:  # noqa: N801 - waitress's attribute name
        @staticmethod
        def shutdown(timeout=0):
            pass


def test_a_warning_is_shown_beside_its_slide(app):
    client = app.test_client()
    csrf = csrf_of(client)
    ids = [s.id for s in t.load_base(builtin_spec()).audiences[None].slides]
    client.post(
        "/tailor",
        data={"csrf": csrf, "slides_shown": "1", "slide": ids, "title_intro": "Long title " * 20},
    )
    page = client.get("/preview").data.decode()
    number = ids.index("intro") + 1
    start = page.index(f'id="preview-{number}"')
    item = page[start : page.find('id="preview-', start + 1)]
    assert "slide-warnings" in item and "does not fit" in item


def test_downloads_without_libreoffice(app):
    client = app.test_client()
    csrf = csrf_of(client)
    client.post("/tailor", data={"csrf": csrf, "audience": "board"})
    client.post("/tailor", data={"csrf": csrf, "audience": "board", "var_org": "Cyngor Caerdydd"})
    runsheet = client.get("/download/runsheet.md")
    assert runsheet.status_code == 200
    assert "workshop-board-runsheet.md" in runsheet.headers["Content-Disposition"]
    assert "| " in runsheet.data.decode()
    assert client.get("/download/runsheet.csv").data.decode().count("\n") > 3
    archive = client.get("/download/every-audience-and-language.zip")
    assert archive.status_code == 200
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(archive.data)).namelist()
    decks = [n for n in names if n.endswith(".pptx")]
    base = t.load_base(builtin_spec())
    named_audiences = [name for name in base.audiences if name]
    assert len(decks) == len(named_audiences) * (1 + len(base.languages))
    assert "workshop-citizens-cy.pptx" in decks and "manifest.json" in names
    citizens = zipfile.ZipFile(io.BytesIO(archive.data)).read("workshop-citizens.pptx")
    assert b"Cyngor Caerdydd" in zipfile.ZipFile(io.BytesIO(citizens)).read("ppt/slides/slide2.xml")


def test_logo_and_template_uploads_rebuild_from_the_spec_zip(app, tmp_path):
    import zipfile

    from PIL import Image

    from coprod_slides.cli.app import main

    client = app.test_client()
    csrf = csrf_of(client)
    logo = io.BytesIO()
    Image.new("RGB", (240, 80), "#12355B").save(logo, "PNG")
    logo.seek(0)
    client.post(
        "/upload/logo", data={"csrf": csrf, "file": (logo, "our logo.png"), "alt": "Our logo"}
    )
    template = builtin_spec().parent.parent / "assets" / "templates"
    potx = next(template.glob("*.pptx"), None) or next(template.glob("*.potx"))
    with potx.open("rb") as handle:
        client.post("/upload/template", data={"csrf": csrf, "file": (handle, "brand.pptx")})
    page = client.get("/").data.decode()
    assert "A logo is on the slides." in page and "Template added." in page
    assert "slide size" in page  # what template inspect finds
    deck = client.get("/download/deck.pptx").data
    archive = zipfile.ZipFile(io.BytesIO(client.get("/download/spec").data))
    assert sorted(archive.namelist()) == ["logo.png", "template.pptx", "workshop.yaml"]
    archive.extractall(tmp_path)
    spec = (tmp_path / "workshop.yaml").read_text()
    assert "image: logo.png" in spec and "template: template.pptx" in spec
    out = tmp_path / "again.pptx"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "workshop.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == deck
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        slides = [package.read(n) for n in package.namelist() if n.startswith("ppt/slides/slide")]
    assert any(b'descr="Our logo"' in xml for xml in slides)  # the logo, with its alt text


def rebuild_elsewhere(spec: str, folder, monkeypatch) -> tuple[list[str], bytes]:
    """The downloaded spec saved in a new ``folder`` and built there with the command its
    header gives: (that command, the deck it builds)."""
    from coprod_slides.cli.app import main

    command = re.search(r"#   coprod-slides (build .*)\n", spec).group(1).split()
    folder.mkdir()
    (folder / command[1]).write_text(spec, encoding="utf-8")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, [*command, "-o", "again.pptx"])
    assert result.exit_code == 0, result.output
    return command, (folder / "again.pptx").read_bytes()


def test_the_welsh_spec_download_names_the_catalogues_portably(app, tmp_path, monkeypatch):
    """The spec of a Welsh deck names the built-in deck's catalogues as coprod/workshop, not
    by this machine's path, so it rebuilds the page's deck from any folder (or machine)."""
    from coprod_slides.decks import DECKS_DIR

    client = app.test_client()
    csrf = csrf_of(client)
    client.post("/tailor", data={"csrf": csrf, "audience": "citizens", "language": "cy"})
    deck = client.get("/download/deck.pptx").data
    spec = client.get("/download/spec").data.decode("utf-8")
    assert "translations: coprod/workshop\n" in spec
    assert str(DECKS_DIR) not in spec and "/" + DECKS_DIR.name + "/" not in spec
    command, again = rebuild_elsewhere(spec, tmp_path / "elsewhere", monkeypatch)
    assert command[2:] == ["--audience", "citizens", "--lang", "cy"]
    assert again == deck


def test_a_deck_of_ones_own_is_served_and_its_spec_rebuilds_it(tmp_path, monkeypatch):
    """`serve my-deck.yaml`: the page's spec extends a deck outside its folder, so the page
    builds it with --allow-outside-assets and the downloaded command says so (every build
    failed with 'outside the spec's folder' before)."""

    monkeypatch.setattr("coprod_slides.web.work.find_tools", lambda: None)
    own = tmp_path / "ours"
    own.mkdir()
    (own / "deck.yaml").write_text(
        "title: Our plan\nvars: {org: Our council}\n"
        "audiences:\n  board: {description: For the board}\nslides:\n"
        "  - {type: title, subtitle: '{org}'}\n  - {type: bullets, title: Why, bullets: [A, B]}\n",
        encoding="utf-8",
    )
    app = create_app(own / "deck.yaml")
    try:
        client = app.test_client()
        csrf = csrf_of(client)
        client.post("/tailor", data={"csrf": csrf, "audience": "board", "var_org": "Cyngor"})
        deck = client.get("/download/deck.pptx")
        assert deck.status_code == 200, deck.data[:300]
        spec = client.get("/download/spec").data.decode("utf-8")
        archive = client.get("/download/every-audience-and-language.zip")
        assert archive.status_code == 200, archive.data[:300]
    finally:
        app.extensions["coprod"].close()
    command, again = rebuild_elsewhere(spec, tmp_path / "elsewhere", monkeypatch)
    assert command[-1] == "--allow-outside-assets"
    assert again == deck.data
