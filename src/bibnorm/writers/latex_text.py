"""Text as a BibTeX field holds it: LaTeX specials escaped, CSL title markup as commands.

The BibTeX writer (`bibnorm.writers.bibtex`) puts every value through one of these:

- `latex_text(value)`: plain text with the ten LaTeX specials escaped so the file
  compiles (a brace as `\\{` where the braces pair up, else as `\\textbraceleft{}`,
  since BibTeX counts escaped braces too), TeX ligatures (`--`, `''` ...) kept apart
  with `{}`; non-ASCII is kept as UTF-8 (biber, LuaLaTeX, XeLaTeX and pdfLaTeX's utf8
  input all read it). `<`, `>` and `|` are kept as they are: with the T1 font encoding
  (and in LuaLaTeX and XeLaTeX) they print right, and `\\textless` and the like are
  dropped by bibtexparser's LaTeX decoding, so a reader would lose them.
- `latex_title(value)`: a CSL title (rich text) with `<i>`, `<b>`, `<sup>`, `<sub>` and
  small caps as `\\textit{}` ..., and each word that carries a capital in braces, so a
  style that lowercases titles (BibTeX's plain, biblatex's sentence case) keeps
  `{DNA}`, `{Alzheimer's}` and `({COVID-19})` as written. PubMed titles are in sentence
  case already: a capital there is a proper noun, an acronym or a gene.
- `verbatim(value)`: a DOI or URL as biber reads it (verbatim: `%`, `#`, `_` kept), with
  only the characters that would break the braces percent-encoded.
- `ascii_letters(value)`: the lower-case ASCII letters of a name or word, for keys.
"""

from __future__ import annotations

import re
import unicodedata

# `^` as `\string^` (the character itself): `\textasciicircum` and `\^{}` come back
# from pylatexenc (bibtexparser's decoder) as another character or a space.
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\string^",
    "~": r"\textasciitilde{}",
    "\xa0": "~",  # LaTeX's own no-break space, which pybtex would read as a space
}
# BibTeX counts every brace, escaped or not, to find where a value ends: `\{` is only
# safe where the braces of the value pair up. Otherwise a brace is written without one.
_LONE_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_SPECIAL = re.compile("|".join(re.escape(c) for c in _SPECIALS))
# Only ASCII whitespace: BibTeX collapses it anyway, and a blank line inside a field
# ends a paragraph, which most macros that print fields refuse. A no-break space stays.
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
# Pairs that TeX fonts print as one sign: `--` a dash, ``` `` ``` and `''` quotes, `!``
# and `?`` inverted marks, `,,` `<<` `>>` quotes. `{}` between them keeps both.
_LIGATURE_START = re.compile(r"-(?=-)|`(?=`)|'(?=')|[!?](?=`)|,(?=,)|<(?=<)|>(?=>)")
_COMMANDS = {
    "<i>": r"\textit{",
    "<b>": r"\textbf{",
    "<sup>": r"\textsuperscript{",
    "<sub>": r"\textsubscript{",
    '<span style="font-variant:small-caps;">': r"\textsc{",
}
_CLOSING = {"<i>": "</i>", "<b>": "</b>", "<sup>": "</sup>", "<sub>": "</sub>"}
_CLOSING['<span style="font-variant:small-caps;">'] = "</span>"
_TAG = re.compile("(" + "|".join(re.escape(t) for t in [*_COMMANDS, *_CLOSING.values()]) + ")")
_WORD = re.compile(r"(\S+)")
# Letters that Unicode does not decompose into an ASCII letter and a mark.
_FOLDED = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
    | {"ı": "i", "ħ": "h", "Æ": "ae", "Œ": "oe", "Ø": "o", "Ł": "l", "Đ": "d", "Þ": "th"}
)
# Characters that would end a verbatim field or escape from it: percent-encoded, which
# is the same link to a browser and the same DOI to doi.org.
_VERBATIM_BREAKERS = {"{": "%7B", "}": "%7D", "\\": "%5C"}


def latex_text(value: str, *, braces_pair_up: bool | None = None) -> str:
    """`value` with LaTeX specials escaped, runs of ASCII whitespace as one space and
    ligatures kept apart. `braces_pair_up` says whether the braces of the whole field
    pair up, when `value` is only a part of it (it is checked on `value` otherwise)."""
    text = _ASCII_SPACE.sub(" ", value).strip(" ")
    if braces_pair_up is None:
        braces_pair_up = braces_balance(text)
    table = _SPECIALS if braces_pair_up else _SPECIALS | _LONE_BRACES
    escaped = _SPECIAL.sub(lambda m: table[m.group(0)], text)
    return _LIGATURE_START.sub(lambda m: m.group(0) + "{}", escaped)


def braces_balance(text: str) -> bool:
    """Whether every brace of `text` has its pair, in order (`{a}` yes, `}a{` no)."""
    if "{" not in text and "}" not in text:
        return True  # most values: no walk over an abstract's every character
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def latex_title(rich: str) -> str:
    """A CSL title as LaTeX: markup as commands (when it nests; else all is text) and
    every word with a capital in braces, but for the title's first capital letter."""
    parts = _TAG.split(_ASCII_SPACE.sub(" ", rich).strip(" "))
    if not _nests(parts):
        parts = ["".join(parts)]
    pair_up = braces_balance(rich)
    out: list[str] = []
    at_start = True
    for position, part in enumerate(parts):
        if position % 2:  # odd positions are the tags `_TAG.split` kept
            out.append(_COMMANDS.get(part, "}"))
            continue
        out.append(_protect_capitals(part, first_letter_free=at_start, braces_pair_up=pair_up))
        at_start = at_start and not part
    return "".join(out)


def _nests(parts: list[str]) -> bool:
    """Whether the tags (odd positions of `parts`) open and close in order."""
    waiting: list[str] = []
    for tag in parts[1::2]:
        if tag in _CLOSING:
            waiting.append(_CLOSING[tag])
        elif not waiting or waiting.pop() != tag:
            return False
    return not waiting


def _protect_capitals(text: str, *, first_letter_free: bool, braces_pair_up: bool) -> str:
    """`text` escaped, each word that has a capital braced. With `first_letter_free`,
    a capital that is only the first character of `text` stays bare: styles keep a
    title's first letter as it is."""

    def escaped(chars: str) -> str:
        return latex_text(chars, braces_pair_up=braces_pair_up)

    def word(match: re.Match[str]) -> str:
        chars = match.group(0)
        capitals = [i for i, c in enumerate(chars) if c.isupper()]
        if not capitals or (first_letter_free and match.start() == 0 and capitals == [0]):
            return escaped(chars)
        # Brace the word from its first to its last letter or digit: `({NSCLC}):`.
        alnum = [i for i, c in enumerate(chars) if c.isalnum()]
        start, end = alnum[0], alnum[-1] + 1
        return escaped(chars[:start]) + "{" + escaped(chars[start:end]) + "}" + escaped(chars[end:])

    # Words are split on ASCII spaces only, the spaces kept as they were collapsed.
    return "".join(word(m) if m.group(0) != " " else " " for m in re.finditer(r"[^ ]+| ", text))


def verbatim(value: str) -> str:
    """A DOI or URL for a verbatim field: whitespace removed, braces and backslashes
    percent-encoded, everything else as it is."""
    text = "".join(value.split())
    return "".join(_VERBATIM_BREAKERS.get(c, c) for c in text)


def ascii_letters(value: str) -> str:
    """The ASCII letters of `value`, lower case, accents dropped (`Müller` is `muller`,
    `Bøås` is `boas`); letters of other scripts are dropped."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_FOLDED))
    return "".join(c for c in decomposed.lower() if "a" <= c <= "z")


def plain_words(rich: str) -> list[str]:
    """The words of a CSL title without its markup tags."""
    return _WORD.findall(_TAG.sub("", rich))
