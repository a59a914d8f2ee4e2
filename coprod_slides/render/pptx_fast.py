"""Faster equivalents of python-pptx operations the renderer repeats many times per deck.

Each gives exactly what python-pptx gives (the same XML, parts and relationships; the tests
compare them), only with less work:

- ``BaseShapeElement.ph`` and ``_nvXxPr``: python-pptx finds these elements with an XPath
  expression that lxml compiles on every call, and every placeholder lookup
  (``slide.placeholders``, inherited positions, ``placeholder_format``) makes such calls:
  thousands per deck. Importing this module replaces the two properties, process-wide, with
  versions that walk the same children and return the same elements.
- :func:`notes_slide`: python-pptx clones the notes master's placeholders into each new notes
  slide through its XML API. The result does not depend on the slide, so after a deck's first
  notes slide the others are copies of that first one's fresh XML, in new parts named and
  related exactly as python-pptx names and relates them.
- :func:`add_slide`: ``prs.slides.add_slide(layout)`` with the same parts, ids and XML, in
  constant time per slide. python-pptx's walks every part of the package to name each notes
  slide (``Package.next_partname``), scans every relationship of the presentation for an
  existing one to each new slide, and reads every slide id for the next one: each is linear in
  the deck, so a deck's build was quadratic (55 % of a 1000-slide build). Here the part names
  and slide ids in use are read once per deck and counted on; a new slide is a copy of the
  layout's first fresh slide (its placeholders cloned), as for notes.
- :func:`freeze_slide`: a finished slide and its notes kept as the bytes python-pptx would
  write for them, not as XML trees. A parsed slide takes ten times its XML in memory (libxml2
  nodes: 1000 workshop slides are 14 MB of XML and were 180 MB of trees); a frozen part is
  parsed again, transparently, if anything reads it later.
"""

from __future__ import annotations

import copy
import weakref

import pptx.oxml.ns
from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import _Relationships
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.oxml.shapes.shared import BaseShapeElement
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.shapes.shapetree import LayoutPlaceholders, MasterPlaceholders
from pptx.util import lazyproperty

_NV_PR = qn("p:nvPr")
_PH = qn("p:ph")
_SLD_ID = qn("p:sldId")


_PH_PATH = etree.XPath("./*[1]/p:nvPr/p:ph", namespaces={"p": pptx.oxml.ns._nsmap["p"]})


def _first_element_child(element):
    for child in element.iterchildren(etree.Element):  # not comments or processing instructions
        return child
    return None


def _ph(self):
    """The ``p:ph`` element at ``./*[1]/p:nvPr/p:ph``, or None: python-pptx's XPath, compiled
    once (lxml makes a Python object only for the element found, not for each one walked)."""
    found = _PH_PATH(self)
    return found[0] if found else None


def _nv_xx_pr(self):
    """``./*[1]``: the shape's non-visual properties element."""
    first = _first_element_child(self)
    if first is None:
        raise IndexError("list index out of range")  # what python-pptx's xpath(...)[0] raises
    return first


def _layout_placeholder(self, idx: int, default=None):
    """``LayoutPlaceholders.get``: the first placeholder with ``idx``, a proxy made only for it."""
    for element in self._spTree.iter_shape_elms():
        ph = _ph(element)
        if ph is not None and ph.idx == idx:
            return self._shape_factory(element)
    return default


def _master_placeholder(self, ph_type, default=None):
    """``MasterPlaceholders.get``: the first placeholder of ``ph_type``, a proxy made only for
    it."""
    for element in self._spTree.iter_shape_elms():
        ph = _ph(element)
        if ph is not None and ph.type == ph_type:
            return self._shape_factory(element)
    return default


def _part_with_reltype(self, reltype: str):
    """``_Relationships.part_with_reltype``: python-pptx groups every relationship by type
    (through the ``Mapping`` protocol, one lookup per relationship) to answer each call, and
    ``slide.slide_layout`` or ``notes_master_part`` make hundreds per deck."""
    found = [rel for rel in self._rels.values() if rel.reltype == reltype]
    if not found:
        raise KeyError(f"no relationship of type '{reltype}' in collection")
    if len(found) > 1:
        raise ValueError(f"multiple relationships of type '{reltype}' in collection")
    return found[0].target_part


def _lazy_get(self, obj, owner=None):
    """``lazyproperty.__get__`` without its ``typing.cast`` call (tens of thousands a deck)."""
    if obj is None:
        return self
    value = obj.__dict__.get(self._name)
    if value is None:
        value = obj.__dict__[self._name] = self._fget(obj)
    return value


class _QualifiedNames(dict):
    """``qn('p:sp')`` → ``'{http://…}sp'``, each name built once (python-pptx builds a
    ``NamespacePrefixedTag`` on every call: thousands per deck)."""

    def __missing__(self, tag: str) -> str:
        prefix, local = tag.split(":")
        name = self[tag] = f"{{{pptx.oxml.ns._nsmap[prefix]}}}{local}"
        return name


def _cached_qn(namespace_prefixed_tag: str) -> str:
    return _QN_NAMES[namespace_prefixed_tag]  # noqa: F821 (a global of pptx.oxml.ns, see install)


def install() -> None:
    """Put the faster equivalents in python-pptx (done on import; calling again is harmless)."""
    BaseShapeElement.ph = property(
        _ph, doc="The `p:ph` descendant element if there is one, None otherwise."
    )
    BaseShapeElement._nvXxPr = property(
        _nv_xx_pr, doc="Required non-visual shape properties element for this shape."
    )
    LayoutPlaceholders.get = _layout_placeholder
    MasterPlaceholders.get = _master_placeholder
    _Relationships.part_with_reltype = _part_with_reltype
    lazyproperty.__get__ = _lazy_get
    # python-pptx's modules hold ``qn`` itself (``from pptx.oxml.ns import qn``), so the cache
    # goes into the function: its code is swapped for a lookup in a dict kept in its module.
    module = vars(pptx.oxml.ns)
    module.setdefault("_QN_NAMES", _QualifiedNames())
    pptx.oxml.ns.qn.__code__ = _cached_qn.__code__


install()

#: notes master part -> a fresh notes slide element (placeholders cloned, no text yet)
_FRESH_NOTES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: slide layout part -> a fresh slide element (the layout's placeholders cloned)
_FRESH_SLIDES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: package -> {part-name prefix: part names in use with that prefix}
_PARTNAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: presentation part -> [number of slide ids, largest slide id] when last counted
_SLIDE_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

_NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"
_MIN_SLIDE_ID = 256
_MAX_SLIDE_ID = 2147483647


def next_partname(package, tmpl: str) -> PackURI:
    """``package.next_partname(tmpl)`` without walking the package each time.

    The names in use with the template's prefix are collected on the first call for a package
    and template, then each name handed out is added to them; the choice is python-pptx's
    (counting down from one more than the names in use to the first one free). Valid while
    parts with that prefix are added only through here, as the renderer does for notes slides.
    """
    prefix = tmpl[: (tmpl % 42).find("42")]
    known = _PARTNAMES.setdefault(package, {})
    names = known.get(prefix)
    if names is None:
        names = known[prefix] = {
            str(part.partname) for part in package.iter_parts() if part.partname.startswith(prefix)
        }
    for n in range(len(names) + 1, 0, -1):
        candidate = tmpl % n
        if candidate not in names:
            names.add(candidate)
            return PackURI(candidate)
    raise RuntimeError(f"no free part name for {tmpl}")  # cannot happen: len + 1 names tried


def notes_slide(pptx_slide):
    """``pptx_slide.notes_slide``: the slide's notes slide, created if it has none."""
    slide_part = pptx_slide.part
    if slide_part.has_notes_slide:
        return pptx_slide.notes_slide
    package = slide_part.package
    master_part = package.presentation_part.notes_master_part  # made if the deck has none
    fresh = _FRESH_NOTES.get(master_part)
    if fresh is None:
        notes = pptx_slide.notes_slide
        _FRESH_NOTES[master_part] = copy.deepcopy(notes._element)
        return notes
    notes_part = NotesSlidePart(
        next_partname(package, _NOTES_PARTNAME), CT.PML_NOTES_SLIDE, package, copy.deepcopy(fresh)
    )
    _relate_new(notes_part, master_part, RT.NOTES_MASTER)
    _relate_new(notes_part, slide_part, RT.SLIDE)
    _relate_new(slide_part, notes_part, RT.NOTES_SLIDE)
    return pptx_slide.notes_slide


def _relate_new(source, target, reltype: str) -> str:
    """``source.relate_to(target, reltype)`` for a relationship known not to exist yet (one
    end is a part just made): python-pptx would first scan every relationship of ``source``."""
    return source.rels._add_relationship(reltype, target)


def add_slide(prs, layout):
    """``prs.slides.add_slide(layout)``: a new slide after the others, its layout's
    placeholders cloned; the same part name, relationship id, slide id and XML."""
    pres_part = prs.part
    package = pres_part.package
    sld_id_lst = pres_part._element.get_or_add_sldIdLst()
    partname = PackURI(f"/ppt/slides/slide{len(sld_id_lst) + 1}.xml")
    layout_part = layout.part
    fresh = _FRESH_SLIDES.get(layout_part)
    if fresh is None:
        slide_part = SlidePart.new(partname, package, layout_part)
        slide_part.slide.shapes.clone_layout_placeholders(layout)
        _FRESH_SLIDES[layout_part] = copy.deepcopy(slide_part._element)
    else:
        slide_part = SlidePart(partname, CT.PML_SLIDE, package, copy.deepcopy(fresh))
        _relate_new(slide_part, layout_part, RT.SLIDE_LAYOUT)
    rid = _relate_new(pres_part, slide_part, RT.SLIDE)
    sld_id_lst._add_sldId(id=_next_slide_id(pres_part, sld_id_lst), rId=rid)
    return slide_part.slide


def _next_slide_id(pres_part, sld_id_lst) -> int:
    """python-pptx's next slide id (one more than the largest), from a count kept per deck;
    recounted whenever the number of slides is not what was counted."""
    count = len(sld_id_lst)
    known = _SLIDE_IDS.get(pres_part)
    if known is None or known[0] != count:
        ids = [int(e.get("id")) for e in sld_id_lst.iterchildren(_SLD_ID)]
        known = _SLIDE_IDS[pres_part] = [count, max([_MIN_SLIDE_ID - 1, *ids])]
    if known[1] >= _MAX_SLIDE_ID:
        return sld_id_lst._next_id  # python-pptx's search for a free one
    known[0], known[1] = count + 1, known[1] + 1
    return known[1]


class _FrozenXml:
    """Mixin for an XmlPart whose XML is held as the bytes it serialises to (``_frozen``);
    the element is parsed from them again on first use (and then serialised as usual)."""

    @property
    def _element(self):
        element = self.__dict__.get("_thawed")
        if element is None:
            element = self.__dict__["_thawed"] = parse_xml(self.__dict__["_frozen"])
        return element

    @_element.setter
    def _element(self, element) -> None:
        self.__dict__["_thawed"] = element

    @property
    def blob(self) -> bytes:
        if self.__dict__.get("_thawed") is None:
            return self.__dict__["_frozen"]
        return serialize_part_xml(self._element)


_FROZEN_CLASSES: dict[type, type] = {}
#: python-pptx's lazily made proxies that hold a part's element (dropped with the element)
_ELEMENT_PROXIES = ("slide", "notes_slide")


def _freeze(part) -> None:
    cls = type(part)
    if isinstance(part, _FrozenXml):
        if part.__dict__.get("_thawed") is None:
            return
        cls = cls.__mro__[2]  # the python-pptx class under the frozen one and the mixin
    blob = part.blob
    state = part.__dict__
    state.pop("_element", None)
    for name in _ELEMENT_PROXIES:
        state.pop(name, None)
    state["_frozen"], state["_thawed"] = blob, None
    frozen = _FROZEN_CLASSES.get(cls)
    if frozen is None:
        frozen = _FROZEN_CLASSES[cls] = type(f"Frozen{cls.__name__}", (_FrozenXml, cls), {})
    part.__class__ = frozen


def freeze_slide(pptx_slide) -> None:
    """Keep a finished slide and its notes slide as bytes (see the module's docstring).

    Call it when nothing more will be written to the slide: a later change still works (the
    part is parsed again) but keeps that slide's tree in memory again."""
    slide_part = pptx_slide.part
    if slide_part.has_notes_slide:
        _freeze(slide_part.part_related_by(RT.NOTES_SLIDE))
    _freeze(slide_part)
