"""The Flask app behind ``coprod-slides serve``: tailor, preview and download a deck.

Every page state lives in a server-side session (:mod:`.sessions`); the browser holds only a
random session id (cookie) and the CSRF token that every POST must echo. Builds go through
:mod:`.tailoring`, so the page makes exactly what ``coprod-slides build`` makes from the
spec it offers for download.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import shutil
import struct
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, g, make_response, redirect, render_template, request

from ..batch import BatchOptions, expand_matrix, run_batch
from ..build import BuildOptions, BuildResult, build
from ..errors import SpecError
from ..handouts import build_handouts
from ..preview import A4_PX, _pt, handout_pdf, pdf_to_pngs
from ..render.images import MAX_IMAGE_BYTES, load_image
from ..render.template import describe, open_template
from ..runsheet import to_csv, to_markdown
from . import tailoring as t
from .i18n import UI_LANGUAGES, translator
from .sessions import Session, Sessions
from .work import Workshop

COOKIE = "coprod_session"
UI_COOKIE = "coprod_ui_lang"
MAX_UPLOAD_BYTES = 101 * 1024 * 1024  # a template may be 100 MiB
MAX_FORM_BYTES = 256 * 1024
MAX_TITLE_CHARS = 300
MAX_VAR_CHARS = 500
BUILDS_KEPT = 4  # recent builds per session (a download right after the preview is instant)
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass
class Built:
    result: BuildResult
    spec_text: str
    command: list[str]
    pdf: bytes | None = None  # the slides PDF, once made (the handout reuses it)


def create_app(spec: Path, *, workers: int = 2, warm_office: bool = True) -> Flask:
    """The app for one deck. ``app.extensions['coprod']`` holds sessions and workers;
    call ``app.extensions['coprod'].close()`` at shutdown (``serve`` does)."""
    base = t.load_base(spec)
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES, MAX_FORM_MEMORY_SIZE=MAX_FORM_BYTES)
    state = ServerState(base, workers=workers, warm_office=warm_office)
    app.extensions["coprod"] = state
    _routes(app, state)
    return app


class ServerState:
    def __init__(self, base: t.BaseDeck, workers: int, warm_office: bool) -> None:
        self.base = base
        self.sessions = Sessions(base)
        self.workshop = Workshop(self.sessions.root, workers=workers, warm=warm_office)

    def close(self) -> None:
        self.workshop.close()
        self.sessions.close()


# ---------------------------------------------------------------------- building


def build_for(state: ServerState, session: Session) -> Built:
    """Write the session's tailored spec (and uploads) and build it, as the CLI would."""
    with session.lock:
        choices = session.choices.copy()
    spec_text = t.tailored_spec(state.base, choices)
    options = t.build_options(state.base, choices)
    key = _build_key(session, choices, spec_text, options)
    with session.build_lock:  # one spec file per session: one build at a time
        cached = session.builds.get(key)
        if cached is not None:
            session.builds.move_to_end(key)
            return cached
        spec_path = session.folder / t.SPEC_NAME
        spec_path.write_text(spec_text, encoding="utf-8")
        with state.workshop.slots:
            result = build(spec_path, options)
        built = Built(result, spec_text, t.build_args(state.base, choices))
        session.builds[key] = built
        while len(session.builds) > BUILDS_KEPT:
            session.builds.popitem(last=False)
        return built


def _build_key(session: Session, choices: t.Choices, spec_text: str, options) -> str:
    """Everything a build reads from the session: the spec, the options, the uploads."""
    digest = hashlib.sha256(spec_text.encode("utf-8") + repr(options).encode("utf-8"))
    for name in (t.LOGO_NAME if choices.logo else None, choices.template):
        if name:
            stat = (session.folder / name).stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _problems(exc: SpecError) -> list[str]:
    """Messages for the page: spec paths inside the session folder are not shown."""
    out = []
    for problem in exc.problems:
        text = str(problem)
        text = re.sub(r"(/[^\s:]*)?/s-[A-Za-z0-9_]+/", "", text)
        out.append(text)
    return out


# ---------------------------------------------------------------------- routes


def _routes(app: Flask, state: ServerState) -> None:
    base = state.base

    @app.before_request
    def attach_session() -> Response | None:
        session = state.sessions.get(request.cookies.get(COOKIE))
        g.new_session = session is None
        if session is None:
            if request.method == "POST":
                return _expired()
            session = state.sessions.create()
            ui = request.cookies.get(UI_COOKIE)
            session.ui_lang = ui if ui in UI_LANGUAGES else "en"
        g.session = session
        g._ = translator(session.ui_lang)
        if request.method == "POST":
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
            if not hmac.compare_digest(sent, session.csrf):
                return Response(g._("The page had expired; reload it."), 403)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        if getattr(g, "new_session", False) and hasattr(g, "session"):
            response.set_cookie(COOKIE, g.session.id, httponly=True, samesite="Strict", path="/")
        return response

    @app.errorhandler(413)
    def too_big(_error) -> Response:
        return _message_response(g._("That file is too big: the limit is 100 MiB."), 413)

    def render(name: str, **extra) -> str:
        session: Session = g.session
        with session.lock:
            choices = session.choices.copy()
            messages = list(session.messages)
            report = list(session.template_report)
        return render_template(
            name,
            _=g._,
            ui_lang=session.ui_lang,
            ui_languages=UI_LANGUAGES,
            csrf=session.csrf,
            base=base,
            choices=choices,
            values=t.var_values(base, choices),
            total=t.total_minutes(base, choices),
            slide_info=base.slides_for(choices.audience),
            command=" ".join(t.build_args(base, choices, file_stem(base, choices) + ".yaml")),
            messages=messages,
            template_report=report,
            has_office=state.workshop.tools is not None,
            **extra,
        )

    @app.get("/")
    def index() -> str:
        return render("index.html")

    @app.post("/tailor")
    def tailor():
        session: Session = g.session
        with session.lock:
            session.messages.clear()
            old = session.choices
            session.choices = _apply_form(base, old, request.form)
            new = session.choices
        if new.audience != old.audience or not request.headers.get("HX-Request"):
            return _form_or_page(render)
        # Only what changed is redrawn, so a field being typed in is never replaced.
        moved = new.order != old.order
        response = make_response(render("_updates.html", slides_too=moved))
        response.headers["HX-Trigger"] = "deck-changed"
        if moved:
            response.headers["HX-Retarget"] = "#slide-list"
            response.headers["HX-Reswap"] = "outerHTML"
        else:
            response.headers["HX-Reswap"] = "none"
        return response

    @app.post("/reset")
    def reset():
        session: Session = g.session
        with session.lock:
            session.messages.clear()
            session.choices = t.fresh_choices(base)
            session.template_report = []
        return _form_or_page(render)

    @app.post("/ui-language")
    def ui_language():
        lang = request.form.get("ui_lang", "en")
        session: Session = g.session
        session.ui_lang = lang if lang in UI_LANGUAGES else "en"
        response = redirect("/", 303)
        response.set_cookie(
            UI_COOKIE, session.ui_lang, max_age=365 * 86400, samesite="Strict", httponly=True
        )
        return response

    @app.post("/upload/<kind>")
    def upload(kind: str):
        if kind not in ("logo", "template"):
            abort(404)
        session: Session = g.session
        file = request.files.get("file")
        with session.lock:
            session.messages.clear()
            if file is None or not file.filename:
                session.messages.append(g._("Choose a file first."))
            elif kind == "logo":
                _take_logo(session, file, request.form.get("alt", ""))
            else:
                _take_template(session, file)
        return _form_or_page(render)

    @app.get("/preview")
    def preview():
        session: Session = g.session
        try:
            built = build_for(state, session)
        except SpecError as exc:
            return render("_preview.html", problems=_problems(exc), slides=[])
        slides = _slide_views(built)
        pictures = None
        office_problem = None
        if state.workshop.tools is not None:
            try:
                with state.workshop.slots:
                    pictures = state.workshop.pictures(built.result.data)
            except SpecError as exc:
                office_problem = "; ".join(_problems(exc))
        if pictures is not None:
            with session.lock:
                session.pictures.update(path.stem for path in pictures.paths)
            for view, path in zip(slides, pictures.paths, strict=False):
                view["picture"] = path.stem
                view["size"] = _png_size(path)
        return render(
            "_preview.html",
            problems=[],
            slides=slides,
            general=_general_warnings(built, slides),
            office_problem=office_problem,
            deck_lang=built.result.deck.language,
        )

    @app.get("/picture/<key>.png")
    def picture(key: str):
        if not re.fullmatch(r"[0-9a-f]{64}", key) or key not in g.session.pictures:
            abort(404)  # a session sees only the pictures of its own decks
        path = state.workshop.cache / f"{key}.png"
        if not path.is_file():
            abort(404)
        response = make_response(path.read_bytes())
        response.headers["Content-Type"] = "image/png"
        return response

    @app.get("/download/<kind>")
    def download(kind: str):
        session: Session = g.session
        makers = {
            "deck.pptx": _download_pptx,
            "spec": _download_spec,
            "runsheet.md": _download_runsheet,
            "runsheet.csv": _download_runsheet,
            "slides.pdf": _download_pdf,
            "handout.pdf": _download_pdf,
            "every-audience-and-language.zip": _download_batch,
            "handouts.zip": _download_handouts,
        }
        if kind not in makers:
            abort(404)
        try:
            return makers[kind](state, session, kind)
        except SpecError as exc:
            return _message_response("\n".join(_problems(exc)), 422)


# ---------------------------------------------------------------------- form handling


def _apply_form(base: t.BaseDeck, old: t.Choices, form) -> t.Choices:
    """The new choices from a posted form (unknown values are ignored, never trusted)."""
    audience = form.get("audience", "") or None
    if audience not in base.audiences:
        audience = old.audience
    choices = t.switch_audience(base, old, audience) if audience != old.audience else old.copy()
    language = form.get("language", choices.language)
    if language in _language_values(base):
        choices.language = language
    if form.get("bilingual_mode") in ("side-by-side", "alternate"):
        choices.bilingual_mode = form["bilingual_mode"]
    if audience == old.audience:
        _apply_vars(base, choices, form)
        _apply_slides(base, choices, form)
    move = form.get("move", "")
    direction, _, slide_id = move.partition(":")
    if slide_id in choices.order and direction in ("up", "down"):
        i = choices.order.index(slide_id)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(choices.order):
            choices.order[i], choices.order[j] = choices.order[j], choices.order[i]
    return choices


def _apply_vars(base: t.BaseDeck, choices: t.Choices, form) -> None:
    defaults = {name: "" for name in base.var_names}
    defaults.update(base.audiences[choices.audience].vars)
    for name in base.var_names:
        key = f"var_{name}"
        if key not in form:
            continue
        value = form[key][:MAX_VAR_CHARS]
        if value == str(defaults.get(name, "")):
            choices.vars.pop(name, None)
        else:
            choices.vars[name] = value


def _apply_slides(base: t.BaseDeck, choices: t.Choices, form) -> None:
    if "slides_shown" not in form:
        return
    choices.ticked = {sid for sid in form.getlist("slide") if sid in choices.order}
    for sid in choices.order:
        key = f"title_{sid}"
        if key in form:
            value = form[key].strip()[:MAX_TITLE_CHARS]
            if value and value != base.slides_for(choices.audience)[sid].title:
                choices.titles[sid] = value
            else:
                choices.titles.pop(sid, None)


def _language_values(base: t.BaseDeck) -> list[str]:
    values = [""] + list(base.languages)
    for lang in base.languages:
        values += [f"{lang},{base.source_lang}", f"{base.source_lang},{lang}"]
    return values


def _form_or_page(render):
    if request.headers.get("HX-Request"):
        response = make_response(render("_form.html"))
        response.headers["HX-Trigger"] = "deck-changed"
        return response
    return redirect("/", 303)


def _expired() -> Response:
    response = redirect("/", 303)
    response.delete_cookie(COOKIE)
    return response


def _message_response(text: str, status: int) -> Response:
    return Response(text, status, mimetype="text/plain")


# ---------------------------------------------------------------------- uploads


def _read_upload(file, limit: int) -> bytes:
    data = file.stream.read(limit + 1)
    if len(data) > limit:
        raise SpecError(f"the file is over the {limit // (1024 * 1024)} MiB limit")
    return data


def _display_name(filename: str) -> str:
    """The uploaded file's name for messages (never used as a path)."""
    return re.sub(r"[^\w .()-]", "_", Path(filename).name)[:80] or "upload"


def _take_logo(session: Session, file, alt: str) -> None:
    _ = translator(session.ui_lang)
    staging = Path(tempfile.mkdtemp(prefix="upload-", dir=session.folder))
    try:
        data = _read_upload(file, MAX_IMAGE_BYTES)
        path = staging / "logo"
        path.write_bytes(data)
        load_image(path, None, _display_name(file.filename))  # the CLI's checks
        shutil.copyfile(path, session.folder / t.LOGO_NAME)
    except SpecError as exc:
        session.messages.append(_("Logo not used: ") + "; ".join(p.message for p in exc.problems))
        return
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    session.choices.logo = True
    session.choices.logo_alt = alt.strip()[:200] or _("Logo")
    session.messages.append(_("Logo added."))


def _take_template(session: Session, file) -> None:
    _ = translator(session.ui_lang)
    suffix = Path(file.filename).suffix.lower()
    name = t.TEMPLATE_NAMES.get(suffix)
    if name is None:
        session.messages.append(
            _("Template not used: choose a PowerPoint template (.pptx or .potx).")
        )
        return
    staging = Path(tempfile.mkdtemp(prefix="upload-", dir=session.folder))
    try:
        path = staging / name
        path.write_bytes(_read_upload(file, MAX_UPLOAD_BYTES))
        display = _display_name(file.filename)
        report = describe(open_template(path, display=display))
        for old in t.TEMPLATE_NAMES.values():
            (session.folder / old).unlink(missing_ok=True)
        shutil.copyfile(path, session.folder / name)
    except SpecError as exc:
        session.messages.append(
            _("Template not used: ") + "; ".join(p.message for p in exc.problems)
        )
        return
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    session.choices.template = name
    session.template_report = report
    session.messages.append(_("Template added."))


# ---------------------------------------------------------------------- preview


def _slide_views(built: Built) -> list[dict]:
    deck = built.result.deck
    depth = deck.notes_depth
    views = []
    for number, slide in enumerate(deck.slides, 1):
        notes = slide.notes.at_depth(depth) if slide.notes else ""
        views.append(
            {
                "number": number,
                "id": slide.id,
                "title": str(slide.title or deck.title),
                "notes": str(notes or ""),
                "warnings": [],
                "picture": None,
            }
        )
    return views


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (so the page keeps room for a lazy picture)."""
    with path.open("rb") as handle:
        head = handle.read(24)
    return struct.unpack(">II", head[16:24]) if head[12:16] == b"IHDR" else (800, 450)


def _general_warnings(built: Built, views: list[dict]) -> list[str]:
    """Put each warning beside the slide it names; the rest are for the whole deck."""
    general: list[str] = []
    by_id = {v["id"]: v for v in views}
    for problem in built.result.diagnostics.warnings:
        text = re.sub(r"(/[^\s:]*)?/s-[A-Za-z0-9_]+/", "", str(problem))
        match = re.search(r"\bslide (\d+)\b", text) or re.search(r"slides\[(\d+)\]", text)
        target = None
        if match and 0 < int(match.group(1)) <= len(views):
            target = views[int(match.group(1)) - 1]
        else:
            for slide_id, view in by_id.items():
                if f"'{slide_id}'" in text or f"{slide_id}." in text:
                    target = view
                    break
        (target["warnings"] if target else general).append(text)
    return general


# ---------------------------------------------------------------------- downloads


def _attachment(data: bytes, name: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stem(state: ServerState, session: Session) -> str:
    return file_stem(state.base, session.choices)


def file_stem(base: t.BaseDeck, choices: t.Choices) -> str:
    """<deck>[-<audience>][-<language>], as the downloads are named."""
    parts = [base.spec.stem, choices.audience or "", choices.language.replace(",", "-")]
    return "-".join(p for p in parts if p)


def _download_pptx(state: ServerState, session: Session, kind: str) -> Response:
    built = build_for(state, session)
    return _attachment(
        built.result.data,
        _stem(state, session) + ".pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    )


def _download_spec(state: ServerState, session: Session, kind: str) -> Response:
    with session.lock:
        choices = session.choices.copy()
    name = _stem(state, session) + ".yaml"
    text = t.tailored_spec(state.base, choices, name)
    if not (choices.logo or choices.template):
        return _attachment(text.encode("utf-8"), name, "application/yaml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, text)
        for extra in (t.LOGO_NAME if choices.logo else None, choices.template):
            if extra:
                archive.write(session.folder / extra, extra)
    return _attachment(out.getvalue(), _stem(state, session) + "-spec.zip", "application/zip")


def _download_runsheet(state: ServerState, session: Session, kind: str) -> Response:
    built = build_for(state, session)
    deck = built.result.deck
    if kind.endswith(".md"):
        return _attachment(
            to_markdown(deck).encode("utf-8"),
            _stem(state, session) + "-runsheet.md",
            "text/markdown",
        )
    return _attachment(
        to_csv(deck).encode("utf-8"), _stem(state, session) + "-runsheet.csv", "text/csv"
    )


def _download_pdf(state: ServerState, session: Session, kind: str) -> Response:
    built = build_for(state, session)
    workdir = Path(tempfile.mkdtemp(prefix="pdf-", dir=session.folder))
    try:
        with state.workshop.slots:
            if built.pdf is None:
                built.pdf = state.workshop.to_pdf(built.result.data, workdir).read_bytes()
            if kind == "slides.pdf":
                data = built.pdf
            else:
                assert state.workshop.tools is not None
                pdf = workdir / "slides.pdf"
                pdf.write_bytes(built.pdf)
                width = A4_PX[0] - 2 * _pt(42)
                pages = pdf_to_pngs(pdf, workdir, state.workshop.tools[1], width=width)
                data = handout_pdf(built.result.deck, pages)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    suffix = ".pdf" if kind == "slides.pdf" else "-handout.pdf"
    return _attachment(data, _stem(state, session) + suffix, "application/pdf")


def _download_handouts(state: ServerState, session: Session, kind: str) -> Response:
    """The printable handouts of the tailored deck (summary, worksheet, feedback form): each
    as .pptx and, when LibreOffice is here, as PDF, in one zip."""
    build_for(state, session)  # a problem in the tailored deck stops here
    with session.lock:
        choices = session.choices.copy()
    spec_path = session.folder / f"{state.base.spec.stem}-handouts.yaml"
    spec_path.write_text(t.tailored_spec(state.base, choices), "utf-8")
    stem = _stem(state, session)
    workdir = Path(tempfile.mkdtemp(prefix="handouts-", dir=session.folder))
    out = io.BytesIO()
    try:
        with state.workshop.slots:
            handouts = build_handouts(spec_path, t.build_options(state.base, choices))
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in handouts.pptx.items():
                archive.writestr(f"{stem}-{name}.pptx", data)
                if state.workshop.tools is not None:
                    folder = workdir / name
                    folder.mkdir()
                    with state.workshop.slots:
                        pdf = state.workshop.to_pdf(data, folder)
                    archive.writestr(f"{stem}-{name}.pdf", pdf.read_bytes())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        spec_path.unlink(missing_ok=True)
    return _attachment(out.getvalue(), f"{stem}-handouts.zip", "application/zip")


def _download_batch(state: ServerState, session: Session, kind: str) -> Response:
    """Every audience × language of the tailored spec, built by the batch builder."""
    build_for(state, session)  # a problem in the tailored deck stops here
    with session.lock:
        choices = session.choices.copy()
    spec_path = session.folder / f"{state.base.spec.stem}.yaml"  # names the decks
    spec_path.write_text(
        t.tailored_spec(state.base, choices, spec_path.name, all_languages=True), "utf-8"
    )
    out_dir = Path(tempfile.mkdtemp(prefix="batch-", dir=session.folder))
    try:
        outside = t.extends_outside(state.base)
        variants = expand_matrix((spec_path,), ("all",), ("all",), allow_outside=outside)
        options = BatchOptions(
            out_dir=out_dir, jobs=1, force=True, build=BuildOptions(allow_outside_assets=outside)
        )
        with state.workshop.slots:
            outcomes = run_batch(variants, options)
        failed = [line for o in outcomes for line in o.errors]
        if failed:
            raise SpecError(failed[:5])
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(out_dir.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(out_dir).as_posix())
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    return _attachment(
        out.getvalue(), _stem(state, session) + "-every-audience.zip", "application/zip"
    )
