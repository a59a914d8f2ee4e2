"""Built-in deck specs (installed as ``coprod_slides.decks``)."""

from pathlib import Path

DECKS_DIR = Path(__file__).resolve().parent
BUILTIN_PREFIX = "coprod/"
DEFAULT_CATALOGUES = "locales"


def catalogue_folder(spec_dir: Path, translations: str | None) -> Path:
    """Where a spec's catalogues are: its ``translations:`` folder relative to the spec
    (``locales/`` by default), or ``coprod/<deck>`` for a built-in deck's own catalogues,
    which names them on any machine (a spec that extends ``coprod/workshop`` and is built
    in Welsh). A folder of that name beside the spec comes first."""
    folder = spec_dir / (translations or DEFAULT_CATALOGUES)
    if translations and translations.startswith(BUILTIN_PREFIX) and not folder.exists():
        name = translations[len(BUILTIN_PREFIX) :].strip("/")
        if (DECKS_DIR / f"{name}.yaml").is_file():
            return DECKS_DIR / DEFAULT_CATALOGUES
    return folder
