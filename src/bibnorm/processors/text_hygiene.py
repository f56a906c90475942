"""The text hygiene processor: control characters, mojibake and stray entities in fields.

Input-level cleaning sees the bytes of a file; it cannot see what a parser makes of
them, and an XML or HTML character reference (`&#x1;`, `&#0;`) turns into a control
character only inside a field. At the clean stage this processor goes through every
text field of the record and of its related citations:

- NUL and the other C0 control characters (but tab, line feed and carriage return) and
  DEL are removed, always: no field means them, and JSON would carry them as `\\u0000`.
  A warning (`text.control-characters`) names the field and the offsets removed.
- Mojibake (UTF-8 read as Latin-1 or cp1252: `MÃ¼ller`, `â€™`) is detected with ftfy
  and reported (`text.mojibake`) with the repair it would make. It is repaired only when
  asked (`bibnorm parse --fix-text`, or `enable_fixing(host)`): ftfy is careful, but a
  repair changes what the input says, which is the user's call.
- Entities left unexpanded (`&xxe;`, `&amp;` escaped twice, `&#8217;`) are reported
  (`text.unexpanded-entity`). With fixing on, a numeric reference or an HTML5 named
  entity is decoded, since each has exactly one meaning; an unknown name (`&xxe;`, from
  a DTD bibnorm never read) is kept as written, since nothing says what it stands for.

Every diagnostic goes on the record (the one the command line reports), with the
field's JSON path (`$.references[3].title`). Copies of another field (`raw`,
`pages_raw`, `title_markup`) are cleaned and fixed like the rest but not reported, since
the field they copy already is; identifiers and URLs are left to their own checks.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from html.entities import html5
from typing import Any, get_args, get_type_hints

import ftfy
from ftfy.badness import is_bad

from bibnorm import model
from bibnorm.hookspecs import hookimpl
from bibnorm.manager import PluginHost
from bibnorm.model import Diagnostic, FieldSource, Identifier, Provenance, Record
from bibnorm.registry import Processor

NAME = "text-hygiene"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What a UTF-8 lead byte then a continuation byte look like read as Latin-1 or cp1252
# (`Ã¼`, `â€`): mojibake of that kind cannot be without one, so ftfy, which costs more,
# looks only at texts that have one.
_MOJIBAKE_PAIR = (
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022"
    "\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SUSPECT = re.compile(f"{_CONTROL.pattern}|{_MOJIBAKE_PAIR}|{_ENTITY.pattern}")
_MOJIBAKE_SUSPECT = re.compile(_MOJIBAKE_PAIR)
_SUSPECT_START = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f&\u00c2-\u00f4]")
# Fields that copy another (the input as it was, the title with its markup): cleaned and
# fixed like the rest, not reported a second time.
_COPY_FIELDS = frozenset({"raw", "pages_raw", "title_markup"})
# CSL rich text escapes `&` as `&amp;` on purpose: no entity there is left over.
_MARKUP_FIELDS = frozenset({"title_markup"})
# Classes holding no text of the article: where it came from, what was said about it,
# and identifiers (checked by the identifiers processor).
_SKIPPED_CLASSES = (Provenance, FieldSource, Diagnostic, Identifier)
# Offsets listed in one message; a field with more says how many in all.
_OFFSETS_SHOWN = 5


class TextHygiene:
    """The `text-hygiene` processor (stage 100, clean); `fix` repairs mojibake and
    decodes known entities instead of only reporting them."""

    name = NAME
    stage = 100

    def __init__(self, *, fix: bool = False) -> None:
        self.fix = fix

    def process(self, record: Record) -> Record:
        if not _has_suspect(record):
            return record  # nearly every record: one quick look at each text
        found: list[Diagnostic] = []
        line = _line_of(record)
        cleaned: Record = _walk(record, "$", _Context(self.fix, found, line))
        if not found:
            return cleaned
        return replace(cleaned, diagnostics=cleaned.diagnostics + tuple(found))


def enable_fixing(host: PluginHost) -> None:
    """Have `host`'s text hygiene processor repair what it reports (`--fix-text`).

    For library use: `host = create_host(); enable_fixing(host); parse(text, host=host)`.
    Does nothing when the processor is blocked.
    """
    entry = host.registry.processors.get(NAME)
    if entry is not None and isinstance(entry.value, TextHygiene):
        entry.value = TextHygiene(fix=True)


@dataclass
class _Context:
    fix: bool
    found: list[Diagnostic]
    line: int | None


def _walk(value: Any, path: str, context: _Context) -> Any:
    """`value` with every text inside it cleaned (the same object when nothing changed)."""
    if isinstance(value, str):
        return _clean_text(value, path, context)
    if isinstance(value, tuple):
        cleaned = tuple(
            _walk(item, f"{path}[{index}]", context) for index, item in enumerate(value)
        )
        changed = any(new is not old for new, old in zip(cleaned, value, strict=True))
        return cleaned if changed else value
    if _is_model_object(value):
        line = _line_of(value)
        outer = context.line
        if line is not None:
            context.line = line
        changes: dict[str, Any] = {}
        for name in _text_fields(type(value)):
            old = getattr(value, name)
            if old is None or old == ():
                continue
            new = _walk(old, f"{path}.{name}", context)
            if new is not old:
                changes[name] = new
        context.line = outer
        return replace(value, **changes) if changes else value
    return value


def _is_model_object(value: Any) -> bool:
    return (
        dataclasses.is_dataclass(value)
        and not isinstance(value, type)
        and not isinstance(value, _SKIPPED_CLASSES)
    )


def _has_suspect(record: Record) -> bool:
    """Whether any text in `record` may need work: a control character, a character pair
    that UTF-8 read as Latin-1 or cp1252 makes, or an entity. Its texts are gathered and
    searched at once, no path built: the full walk (`_walk`) runs only for the rare
    record this is true of."""
    texts: list[str] = []
    _gather(record, texts)
    text = "\n".join(texts)
    # Where a suspect could start is found by one character class, which is fast; the
    # whole pattern is tried only there (accented letters and `&` are common, and fine).
    return any(_SUSPECT.match(text, start.start()) for start in _SUSPECT_START.finditer(text))


def _gather(value: Any, texts: list[str]) -> None:
    """Append every text in `value` (a model object or a tuple) to `texts`."""
    if value.__class__ is tuple:
        for element in value:
            if element.__class__ is str:
                texts.append(element)
            elif element is not None:
                _gather(element, texts)
        return
    names = _FIELDS.get(value.__class__)
    if names is None:
        names = _text_fields(value.__class__) if _is_model_object(value) else ()
    attributes = value.__dict__ if names else {}
    for name in names:
        item = attributes[name]
        if item.__class__ is str:
            texts.append(item)
        elif item is not None and item != ():
            _gather(item, texts)


_FIELDS: dict[type, tuple[str, ...]] = {}
# Fields that never hold the article's text: identifiers have their own processor, and
# provenance and diagnostics are about the record, not of it.
_NOT_TEXT = frozenset({"identifiers", "provenance", "diagnostics", "url", "linkout"})


def _text_fields(cls: type) -> tuple[str, ...]:
    """The fields of `cls` that may hold text: not numbers or flags, not `_NOT_TEXT`."""
    names = _FIELDS.get(cls)
    if names is None:
        if not dataclasses.is_dataclass(cls) or issubclass(cls, _SKIPPED_CLASSES):
            _FIELDS[cls] = ()
            return ()
        hints = get_type_hints(cls, vars(model))
        names = tuple(
            f.name
            for f in dataclasses.fields(cls)
            if f.name not in _NOT_TEXT and _may_hold_text(hints[f.name])
        )
        _FIELDS[cls] = names
    return names


def _may_hold_text(hint: Any) -> bool:
    if hint is str or (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
        return True
    return any(_may_hold_text(arg) for arg in get_args(hint))


def _clean_text(text: str, path: str, context: _Context) -> str:
    field = path.rsplit(".", 1)[-1].split("[", 1)[0]
    report = field not in _COPY_FIELDS
    # Controls first, so that their offsets are those of the field as the input gave it.
    if _CONTROL.search(text):
        text = _controls(text, path, context, report)
    if _MOJIBAKE_SUSPECT.search(text):
        text = _mojibake(text, path, context, report)
    if "&" in text and field not in _MARKUP_FIELDS:
        text = _entities(text, path, context, report)
    return text


def _mojibake(text: str, path: str, context: _Context, report: bool) -> str:
    if not is_bad(text):
        return text
    repaired = ftfy.fix_encoding(text)
    if repaired == text:
        return text
    if report:
        action = "repaired" if context.fix else "left as is (--fix-text repairs it)"
        context.found.append(
            Diagnostic(
                code="text.mojibake",
                message=(
                    f"{_field_name(path)} looks like mojibake: {_excerpt(text)} would read "
                    f"{_excerpt(repaired)}; {action}"
                ),
                line=context.line,
                text=text,
                path=path,
            )
        )
    return repaired if context.fix else text


def _entities(text: str, path: str, context: _Context, report: bool) -> str:
    entities = _ENTITY.findall(text)
    if not entities:
        return text
    if report:
        names = ", ".join(dict.fromkeys(entities))
        action = "decoded where known" if context.fix else "left as is"
        context.found.append(
            Diagnostic(
                code="text.unexpanded-entity",
                message=f"{_field_name(path)} holds unexpanded entities {names}; {action}",
                line=context.line,
                text=text,
                path=path,
            )
        )
    return _ENTITY.sub(_decoded, text) if context.fix else text


def _decoded(match: re.Match[str]) -> str:
    """The character(s) a numeric reference or HTML5 named entity stands for; an
    unknown name as it was."""
    entity = match.group(0)
    if entity[1] != "#" and entity[1:] not in html5:
        return entity
    decoded = html.unescape(entity)
    # A reference to a control character (`&#0;`) stands for nothing a field may hold.
    return entity if _CONTROL.search(decoded) else decoded


def _controls(text: str, path: str, context: _Context, report: bool) -> str:
    if not report:
        return _CONTROL.sub("", text)
    offsets = [(m.start(), m.group(0)) for m in _CONTROL.finditer(text)]
    shown = ", ".join(f"U+{ord(char):04X} at {offset}" for offset, char in offsets[:_OFFSETS_SHOWN])
    more = f" and {len(offsets) - _OFFSETS_SHOWN} more" if len(offsets) > _OFFSETS_SHOWN else ""
    context.found.append(
        Diagnostic(
            code="text.control-characters",
            message=(
                f"{_field_name(path)}: removed {len(offsets)} control character(s) ({shown}{more})"
            ),
            line=context.line,
            # The controls shown as their Unicode pictures (U+2400...): the offsets
            # still point at them, and the output carries no control character.
            text=text.translate(_PICTURES),
            path=path,
        )
    )
    return _CONTROL.sub("", text)


_PICTURES = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}


def _field_name(path: str) -> str:
    return path.removeprefix("$.") or "value"


def _excerpt(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _line_of(value: Any) -> int | None:
    provenance = getattr(value, "provenance", None)
    span = provenance.span if isinstance(provenance, Provenance) else None
    return span.start if span else None


@hookimpl
def bibnorm_register_processors(register: Callable[[Processor], None]) -> None:
    register(TextHygiene())
