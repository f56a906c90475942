# ruff: noqa: E501  (the hand-written references are kept one to a line, as printed)
"""Writes the dumps and expected.json of this blind set (fixed seed). Run on demand:

    python benchmarks/reference_dumps_holdout2/_generate.py

The references are invented: names, titles and numbers drawn from hand-written pools, each
printed the way one journal style prints it, the expected record built from the same parts.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
R = random.Random(20261207)

NAMES: list[tuple[str, str]] = [
    ("Andersen", "Kristian"),
    ("Okafor", "Chidi"),
    ("May", "Catherine"),
    ("Long", "Jian"),
    ("Young", "Alice B."),
    ("van der Berg", "Anneke"),
    ("De Geest", "Sabina"),
    ("García-Pérez", "María José"),
    ("Müller-Lüdenscheidt", "Hans-Peter"),
    ("Nakamura", "Yui"),
    ("Silva", "Ana Lúcia"),
    ("da Silva", "Rafael"),
    ("O'Brien", "Siobhan"),
    ("Chen", "Xiaoming"),
    ("Park", "Sung-Min"),
    ("Kowalczyk", "Tomasz"),
    ("Øvrebø", "Ingrid"),
    ("Dubois", "Jean-Pierre"),
    ("Rossi", "Giulia"),
    ("Hernández", "Luis F."),
    ("Smith", "Rebecca J."),
    ("Brown", "Daniel"),
    ("King", "Matthew"),
    ("Little", "Emma"),
    ("Strong", "Peter W."),
    ("Wood", "Hannah"),
    ("Fox", "Oliver"),
    ("Bird", "Samuel T."),
    ("Love", "Naomi"),
    ("Price", "Gareth"),
    ("Patel", "Priya"),
    ("Singh", "Arjun"),
    ("Kumar", "Ravi"),
    ("Ahmed", "Fatima"),
    ("Çelik", "Emre"),
    ("Šimić", "Ivana"),
    ("Nguyen", "Thi Hoa"),
    ("Kim", "Ji-Woo"),
    ("Wang", "Lei"),
    ("Zhang", "Yufei"),
    ("Li", "Na"),
    ("Liu", "Hao"),
    ("Sato", "Takeshi"),
    ("Schmidt", "Katrin"),
    ("Fischer", "Jonas"),
    ("Weber", "Lena M."),
    ("Meyer", "Tobias"),
    ("Jansen", "Pieter"),
    ("de Vries", "Marloes"),
    ("van Dijk", "Joost"),
    ("Le Roux", "Claire"),
    ("Di Luca", "Marco"),
    ("von Stein", "Friederike"),
    ("McKenzie", "Alasdair"),
    ("Johansson", "Erik"),
    ("Lindqvist", "Sofia"),
    ("Nielsen", "Mette"),
    ("Virtanen", "Aino"),
    ("Novak", "Petra"),
    ("Horváth", "Gábor"),
    ("Popescu", "Andrei"),
    ("Ivanova", "Olga"),
    ("Mensah", "Kwame"),
    ("Abebe", "Tigist"),
    ("Mwangi", "Wanjiru"),
    ("Oliveira", "Bruno"),
    ("Santos", "Camila"),
    ("Ramírez", "Diego"),
    ("Torres", "Valentina"),
    ("Cohen", "Daniel A."),
    ("Levy", "Noa"),
    ("Haddad", "Rami"),
    ("Karimi", "Shirin"),
    ("Tanaka", "Haruto"),
    ("Walker", "Thomas E."),
    ("Hughes", "Bethan"),
    ("Evans", "Rhys"),
    ("Murphy", "Aoife"),
    ("Campbell", "Fiona"),
    ("Stewart", "Iain"),
    ("Taylor", "Jessica L."),
    ("Moore", "Kevin"),
    ("Martin", "Sophie"),
    ("Bernard", "Lucas"),
    ("Moreau", "Camille"),
    ("Lefèvre", "Élodie"),
    ("Ferreira", "João"),
    ("Costa", "Inês"),
    ("Bianchi", "Luca"),
    ("Romano", "Chiara"),
    ("Eriksen", "Lars"),
    ("Hansen", "Nora"),
    ("Berg", "Magnus"),
    ("Ahn", "Min-Jun"),
    ("Wiśniewski", "Paweł"),
    ("Dvořák", "Jan"),
    ("Björklund", "Ulrika"),
    ("Schäfer", "Dirk"),
    ("Wise", "Helen"),
    ("Rich", "Anthony"),
    ("Best", "Caroline"),
    ("Church", "George M."),
]
# Names that read as words, particles, hyphens and accents, to be drawn more often.
HARD = [
    n
    for n in NAMES
    if n[0]
    in {
        "May",
        "Long",
        "Young",
        "van der Berg",
        "De Geest",
        "García-Pérez",
        "Müller-Lüdenscheidt",
        "da Silva",
        "Øvrebø",
        "Dubois",
        "Little",
        "Strong",
        "Wood",
        "Love",
        "Price",
        "de Vries",
        "van Dijk",
        "Le Roux",
        "Di Luca",
        "von Stein",
        "Lefèvre",
        "Wise",
        "Rich",
        "Best",
        "Park",
    }
]


def people(n: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    while len(out) < n:
        cand = R.choice(HARD) if R.random() < 0.3 else R.choice(NAMES)
        if cand not in out:
            out.append(cand)
    return out


def initials(given: str, dots: bool = True, space: bool = True) -> str:
    parts = []
    for word in given.replace(".", " ").split():
        bits = word.split("-")
        if dots:
            parts.append("-".join(b[0] + "." for b in bits))
        else:
            parts.append("".join(b[0] for b in bits))
    return (" " if space and dots else "").join(parts)


def dot(text: str) -> str:
    """`Name` -> `Name.`, but `A.` stays `A.`."""
    return text if text.endswith(".") else text + "."


SMALL = {
    "a",
    "an",
    "the",
    "and",
    "of",
    "in",
    "on",
    "for",
    "to",
    "at",
    "by",
    "from",
    "with",
    "as",
    "or",
    "under",
    "across",
    "into",
    "via",
    "vs",
}


def title_case(text: str) -> str:
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        if i and w.lower() in SMALL and not prev.endswith(":"):
            out.append(w.lower())
        elif w[:1].islower():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


def pick_title(pool: list[str], used: set[str]) -> str:
    while True:
        t = R.choice(pool)
        if t not in used:
            used.add(t)
            return t


def make_titles(a: list[str], b: list[str], c: list[str]) -> list[str]:
    frames = [
        "{A} and {B}: evidence from {C}",
        "The effect of {A} on {B}",
        "{A} in {C}",
        "Modelling {A} under {B}",
        "Revisiting {A} in {C}",
        "{A} as a driver of {B}",
        "Long-term trends in {A} across {C}",
        "On {A} and {B}",
        "Rethinking {A} and {B}",
        "Can {A} explain {B}? Evidence from {C}",
        "Reassessing {A}: a study of {C}",
        "{A}, {B} and the case of {C}",
    ]
    out = set()
    keep = {"Hecke", "Milton's", "Dickens's", "Montaigne's"}

    def low(x: str) -> str:
        first = x.split(" ")[0]
        return x if not x or first in keep or first.isupper() else x[0].lower() + x[1:]

    for f in frames:
        for x in a:
            for y in b:
                for z in c:
                    t = f.format(A=x if f.startswith("{A}") else low(x), B=y, C=z)
                    out.add(t[0].upper() + t[1:])
    return sorted(out)


def pages(low: int = 1, high: int = 1800, length: tuple[int, int] = (5, 30)) -> tuple[str, str]:
    fp = R.randint(low, high)
    return str(fp), str(fp + R.randint(*length))


def short_last(fp: str, lp: str) -> str:
    """`1234`/`1267` -> `67` (Vancouver and AEA shorten the last page)."""
    i = 0
    while i < len(fp) - 1 and fp[i] == lp[i] and len(fp) == len(lp):
        i += 1
    return lp[i:]


def rec(
    text: str,
    authors: list[list[str]],
    title: str | None,
    container: str | None,
    year: str | None,
    volume: str | None = None,
    issue: str | None = None,
    fpage: str | None = None,
    lpage: str | None = None,
    doi: str | None = None,
) -> dict[str, Any]:
    return {
        "text": text,
        "authors": authors,
        "title": title,
        "container": container,
        "year": year,
        "volume": volume,
        "issue": issue,
        "fpage": fpage,
        "lpage": lpage,
        "doi": doi,
    }


def join_list(items: list[str], sep: str = ", ", last: str = ", and ", two: str = " and ") -> str:
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return items[0] + two + items[1]
    return sep.join(items[:-1]) + last + items[-1]


def doi_for(prefix: str, year: int) -> str:
    return f"{prefix}{year}.{R.randint(100000, 999999)}"


def vol_for(year: int, base: int, first: int) -> str:
    return str(max(1, base + (year - first)))


# ---- article styles: (authors, title, journal full, journal abbr, year, vol, issue, fp, lp,
# doi) -> (text, record) ------------------------------------------------------------------

Art = dict[str, Any]


def agu(a: Art) -> tuple[str, dict[str, Any]]:
    names = [f"{f}, {initials(g)}" for f, g in a["authors"]]
    au = join_list(names, ", ", ", & ", ", & ")
    if a.get("artno"):
        loc = f"{a['vol']}, {a['artno']}"
        fp, lp, iss = a["artno"], None, None
    else:
        loc = f"{a['vol']}({a['issue']}), {a['fp']}–{a['lp']}"
        fp, lp, iss = a["fp"], a["lp"], a["issue"]
    text = f"{au} ({a['year']}). {a['title']}. {a['full']}, {loc}. https://doi.org/{a['doi']}"
    return text, rec(
        text,
        [[f, initials(g)] for f, g in a["authors"]],
        a["title"],
        a["full"],
        str(a["year"]),
        a["vol"],
        iss,
        fp,
        lp,
        a["doi"],
    )


def copernicus(a: Art) -> tuple[str, dict[str, Any]]:
    names = [f"{f}, {initials(g)}" for f, g in a["authors"]]
    au = join_list(names, ", ", ", and ", " and ")
    text = (
        f"{au}: {a['title']}, {a['abbr']}, {a['vol']}, {a['fp']}–{a['lp']}, "
        f"https://doi.org/{a['doi']}, {a['year']}."
    )
    return text, rec(
        text,
        [[f, initials(g)] for f, g in a["authors"]],
        a["title"],
        a["abbr"],
        str(a["year"]),
        a["vol"],
        None,
        a["fp"],
        a["lp"],
        a["doi"],
    )


def aea(a: Art) -> tuple[str, dict[str, Any]]:
    (f0, g0), rest = a["authors"][0], a["authors"][1:]
    names = [f"{f0}, {g0}"] + [f"{g} {f}" for f, g in rest]
    au = join_list(names, ", ", ", and ", ", and ")
    t = title_case(a["title"])
    text = (
        f"{dot(au)} {a['year']}. “{t}.” {a['full']} {a['vol']} ({a['issue']}): "
        f"{a['fp']}–{short_last(a['fp'], a['lp'])}."
    )
    return text, rec(
        text,
        [[f, g] for f, g in a["authors"]],
        t,
        a["full"],
        str(a["year"]),
        a["vol"],
        a["issue"],
        a["fp"],
        a["lp"],
        None,
    )


def elsevier_ay(a: Art) -> tuple[str, dict[str, Any]]:
    names = [f"{f}, {initials(g, space=False)}" for f, g in a["authors"]]
    text = (
        f"{', '.join(names)}, {a['year']}. {a['title']}. {a['abbr']} {a['vol']}, "
        f"{a['fp']}–{a['lp']}. https://doi.org/{a['doi']}"
    )
    return text, rec(
        text,
        [[f, initials(g, space=False)] for f, g in a["authors"]],
        a["title"],
        a["abbr"],
        str(a["year"]),
        a["vol"],
        None,
        a["fp"],
        a["lp"],
        a["doi"],
    )


def chicago_ad(a: Art) -> tuple[str, dict[str, Any]]:
    (f0, g0), rest = a["authors"][0], a["authors"][1:]
    names = [f"{f0}, {g0}"] + [f"{g} {f}" for f, g in rest]
    au = join_list(names, ", ", ", and ", ", and ")
    t = title_case(a["title"])
    doi = f" https://doi.org/{a['doi']}." if a.get("doi") else ""
    text = (
        f"{dot(au)} {a['year']}. “{t}.” {a['full']} {a['vol']} ({a['issue']}): "
        f"{a['fp']}–{a['lp']}.{doi}"
    )
    return text, rec(
        text,
        [[f, g] for f, g in a["authors"]],
        t,
        a["full"],
        str(a["year"]),
        a["vol"],
        a["issue"],
        a["fp"],
        a["lp"],
        a.get("doi"),
    )


def sage(a: Art) -> tuple[str, dict[str, Any]]:
    names = [f"{f} {initials(g, dots=False)}" for f, g in a["authors"]]
    au = join_list(names, ", ", " and ", " and ")
    text = (
        f"{au} ({a['year']}) {a['title']}. {a['full']} {a['vol']}({a['issue']}): "
        f"{a['fp']}–{a['lp']}."
    )
    return text, rec(
        text,
        [[f, initials(g, dots=False)] for f, g in a["authors"]],
        a["title"],
        a["full"],
        str(a["year"]),
        a["vol"],
        a["issue"],
        a["fp"],
        a["lp"],
        None,
    )


def mla(a: Art) -> tuple[str, dict[str, Any]]:
    (f0, g0) = a["authors"][0]
    if len(a["authors"]) >= 3:
        au, exp = f"{f0}, {g0}, et al", [[f0, g0]]
    elif len(a["authors"]) == 2:
        f1, g1 = a["authors"][1]
        au, exp = f"{f0}, {g0}, and {g1} {f1}", [[f0, g0], [f1, g1]]
    else:
        au, exp = f"{f0}, {g0}", [[f0, g0]]
    t = title_case(a["title"])
    doi = f", https://doi.org/{a['doi']}" if a.get("doi") else ""
    text = (
        f"{dot(au)} “{t}.” {a['full']}, vol. {a['vol']}, no. {a['issue']}, {a['year']}, "
        f"pp. {a['fp']}–{a['lp']}{doi}."
    )
    return text, rec(
        text,
        exp,
        t,
        a["full"],
        str(a["year"]),
        a["vol"],
        a["issue"],
        a["fp"],
        a["lp"],
        a.get("doi"),
    )


def chicago_nb(a: Art) -> tuple[str, dict[str, Any]]:
    (f0, g0), rest = a["authors"][0], a["authors"][1:]
    names = [f"{f0}, {g0}"] + [f"{g} {f}" for f, g in rest]
    au = join_list(names, ", ", ", and ", ", and ")
    t = title_case(a["title"])
    text = (
        f"{dot(au)} “{t}.” {a['full']} {a['vol']}, no. {a['issue']} ({a['year']}): "
        f"{a['fp']}–{a['lp']}."
    )
    return text, rec(
        text,
        [[f, g] for f, g in a["authors"]],
        t,
        a["full"],
        str(a["year"]),
        a["vol"],
        a["issue"],
        a["fp"],
        a["lp"],
        None,
    )


MONTHS = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
]


def ieee(a: Art) -> tuple[str, dict[str, Any]]:
    shown = a["authors"] if len(a["authors"]) <= 6 else a["authors"][:1]
    names = [f"{initials(g)} {f}" for f, g in shown]
    au = join_list(names, ", ", ", and ", " and ") + (" et al." if shown != a["authors"] else "")
    doi = f", doi: {a['doi']}" if a.get("doi") else ""
    if a.get("conf"):
        text = f"{au}, “{a['title']},” in {a['conf']}, {a['year']}, pp. {a['fp']}–{a['lp']}{doi}."
        cont, vol, iss = a["conf"], None, None
    else:
        text = (
            f"{au}, “{a['title']},” {a['abbr']}, vol. {a['vol']}, no. {a['issue']}, "
            f"pp. {a['fp']}–{a['lp']}, {R.choice(MONTHS)} {a['year']}{doi}."
        )
        cont, vol, iss = a["abbr"], a["vol"], a["issue"]
    return text, rec(
        text,
        [[f, initials(g)] for f, g in shown],
        a["title"],
        cont,
        str(a["year"]),
        vol,
        iss,
        a["fp"],
        a["lp"],
        a.get("doi"),
    )


def acm(a: Art) -> tuple[str, dict[str, Any]]:
    names = [f"{g} {f}" for f, g in a["authors"]]
    au = join_list(names, ", ", ", and ", " and ")
    t = title_case(a["title"])
    if a.get("conf"):
        text = (
            f"{au}. {a['year']}. {t}. In {a['conf']}. Association for Computing Machinery, "
            f"New York, NY, USA, {a['fp']}–{a['lp']}. https://doi.org/{a['doi']}"
        )
        cont, vol, iss = a["conf"], None, None
    else:
        mon = R.choice(["January", "March", "June", "July", "October", "December"])
        text = (
            f"{au}. {a['year']}. {t}. {a['abbr']} {a['vol']}, {a['issue']} ({mon} "
            f"{a['year']}), {a['fp']}–{a['lp']}. https://doi.org/{a['doi']}"
        )
        cont, vol, iss = a["abbr"], a["vol"], a["issue"]
    return text, rec(
        text,
        [[f, g] for f, g in a["authors"]],
        t,
        cont,
        str(a["year"]),
        vol,
        iss,
        a["fp"],
        a["lp"],
        a["doi"],
    )


def rsc(a: Art) -> tuple[str, dict[str, Any]]:
    names = [f"{initials(g)} {f}" for f, g in a["authors"]]
    au = join_list(names, ", ", " and ", " and ")
    loc = a["fp"] if a.get("artno") else f"{a['fp']}–{a['lp']}"
    lp = None if a.get("artno") else a["lp"]
    text = f"{au}, {a['abbr']}, {a['year']}, {a['vol']}, {loc}."
    return text, rec(
        text,
        [[f, initials(g)] for f, g in a["authors"]],
        None,
        a["abbr"],
        str(a["year"]),
        a["vol"],
        None,
        a["fp"],
        lp,
        None,
    )


def ams(a: Art) -> tuple[str, dict[str, Any]]:
    names = [f"{initials(g)} {f}" for f, g in a["authors"]]
    au = join_list(names, ", ", ", and ", " and ")
    no = f", no. {a['issue']}" if a.get("issue") else ""
    mr = f" MR{R.randint(1000000, 4999999)}" if R.random() < 0.4 else ""
    text = f"{au}, {a['title']}, {a['abbr']} {a['vol']} ({a['year']}){no}, {a['fp']}–{a['lp']}.{mr}"
    return text, rec(
        text,
        [[f, initials(g)] for f, g in a["authors"]],
        a["title"],
        a["abbr"],
        str(a["year"]),
        a["vol"],
        a.get("issue"),
        a["fp"],
        a["lp"],
        None,
    )


def cabi(a: Art) -> tuple[str, dict[str, Any]]:
    names = [f"{f}, {initials(g, space=False)}" for f, g in a["authors"]]
    au = join_list(names, ", ", " and ", " and ")
    doi = f" DOI: {a['doi']}" if a.get("doi") else ""
    text = (
        f"{au} ({a['year']}) {a['title']}. {a['full']} {a['vol']}({a['issue']}), "
        f"{a['fp']}–{a['lp']}.{doi}"
    )
    return text, rec(
        text,
        [[f, initials(g, space=False)] for f, g in a["authors"]],
        a["title"],
        a["full"],
        str(a["year"]),
        a["vol"],
        a["issue"],
        a["fp"],
        a["lp"],
        a.get("doi"),
    )


def apa6(a: Art) -> tuple[str, dict[str, Any]]:
    auth = a["authors"]
    if len(auth) > 7:
        shown = auth[:6] + auth[-1:]
        names = [f"{f}, {initials(g)}" for f, g in shown]
        au = ", ".join(names[:6]) + ", . . . " + names[6]
    else:
        shown = auth
        names = [f"{f}, {initials(g)}" for f, g in shown]
        au = join_list(names, ", ", ", & ", ", & ")
    tail = f" doi:{a['doi']}" if a.get("doi") else ""
    text = (
        f"{au} ({a['year']}). {a['title']}. {a['full']}, {a['vol']}({a['issue']}), "
        f"{a['fp']}–{a['lp']}.{tail}"
    )
    return text, rec(
        text,
        [[f, initials(g)] for f, g in shown],
        a["title"],
        a["full"],
        str(a["year"]),
        a["vol"],
        a["issue"],
        a["fp"],
        a["lp"],
        a.get("doi"),
    )


def springer_vanc(a: Art) -> tuple[str, dict[str, Any]]:
    auth = a["authors"]
    shown = auth if len(auth) <= 6 else auth[:3]
    names = [f"{f} {initials(g, dots=False)}" for f, g in shown]
    au = ", ".join(names) + (", et al" if shown != auth else "")
    labels = R.choice(
        [
            "[PubMed] [Google Scholar]",
            "[DOI] [PubMed] [Google Scholar]",
            "[PMC free article] [PubMed] [Google Scholar]",
            "[Google Scholar]",
        ]
    )
    text = (
        f"{au}. {a['title']}. {a['abbr']}. {a['year']};{a['vol']}({a['issue']}):"
        f"{a['fp']}–{short_last(a['fp'], a['lp'])}. https://doi.org/{a['doi']} {labels}"
    )
    return text, rec(
        text,
        [[f, initials(g, dots=False)] for f, g in shown],
        a["title"],
        a["abbr"],
        str(a["year"]),
        a["vol"],
        a["issue"],
        a["fp"],
        a["lp"],
        a["doi"],
    )


def oxford(a: Art) -> tuple[str, dict[str, Any]]:
    names = [f"{f}, {initials(g)}" for f, g in a["authors"]]
    text = (
        f"{', '.join(names)} ({a['year']}) ‘{a['title']}’, {a['full']}, {a['vol']}: "
        f"{a['fp']}–{a['lp']}."
    )
    return text, rec(
        text,
        [[f, initials(g)] for f, g in a["authors"]],
        a["title"],
        a["full"],
        str(a["year"]),
        a["vol"],
        None,
        a["fp"],
        a["lp"],
        None,
    )


def tandf(a: Art) -> tuple[str, dict[str, Any]]:
    (f0, g0), rest = a["authors"][0], a["authors"][1:]
    names = [f"{f0}, {initials(g0)}"] + [f"{initials(g)} {f}" for f, g in rest]
    au = join_list(names, ", ", ", and ", ", and ")
    text = (
        f"{dot(au)} {a['year']}. “{a['title']}.” {a['full']} {a['vol']} ({a['issue']}): "
        f"{a['fp']}–{a['lp']}. doi:{a['doi']}."
    )
    return text, rec(
        text,
        [[f, initials(g)] for f, g in a["authors"]],
        a["title"],
        a["full"],
        str(a["year"]),
        a["vol"],
        a["issue"],
        a["fp"],
        a["lp"],
        a["doi"],
    )


# ---- fields: journals (full, abbreviation, first year, its volume, doi maker) and title
# words ------------------------------------------------------------------------------------


def d_agu(code: str) -> Any:
    return lambda y, v, fp: f"10.1029/{y}{code}{R.randint(10000, 99999):06d}"


def d_cop(code: str) -> Any:
    return lambda y, v, fp: f"10.5194/{code}-{v}-{fp}-{y}"


def d_els(code: str) -> Any:
    return lambda y, v, fp: f"10.1016/j.{code}.{y}.{R.randint(1, 12):02d}.{R.randint(1, 60):03d}"


def d_wiley(code: str) -> Any:
    return lambda y, v, fp: f"10.1111/{code}.{R.randint(10000, 15999)}"


def d_spr(code: str) -> Any:
    return lambda y, v, fp: (
        f"10.1007/{code}-0{y % 100:02d}-0{R.randint(1000, 5999)}-{R.randint(0, 9)}"
    )


def d_acm() -> Any:
    return lambda y, v, fp: f"10.1145/{R.randint(3000000, 3600000)}.{R.randint(3000000, 3600000)}"


def d_ieee(code: str) -> Any:
    return lambda y, v, fp: f"10.1109/{code}.{y}.{R.randint(2900000, 3300000)}"


def d_tf(code: str) -> Any:
    return lambda y, v, fp: f"10.1080/{code}.{y}.{R.randint(1000000, 2000000)}"


FIELDS: dict[str, dict[str, Any]] = {
    "geo": {
        "journals": [
            (
                "Journal of Geophysical Research: Solid Earth",
                "J. Geophys. Res. Solid Earth",
                2013,
                118,
                d_agu("JB"),
            ),
            ("Geophysical Research Letters", "Geophys. Res. Lett.", 2000, 27, d_agu("GL")),
            ("Water Resources Research", "Water Resour. Res.", 2000, 36, d_agu("WR")),
            ("Tectonics", "Tectonics", 2000, 19, d_agu("TC")),
            (
                "Journal of Geophysical Research: Atmospheres",
                "J. Geophys. Res. Atmos.",
                2013,
                118,
                d_agu("JD"),
            ),
            (
                "Earth and Planetary Science Letters",
                "Earth Planet. Sci. Lett.",
                2000,
                175,
                d_els("epsl"),
            ),
        ],
        "words": (
            [
                "slab rollback",
                "groundwater recharge",
                "fault slip rates",
                "aerosol-cloud interactions",
                "snowmelt runoff",
                "mantle plume dynamics",
                "river incision",
                "glacial isostatic adjustment",
                "crustal anisotropy",
                "soil moisture memory",
            ],
            [
                "seismic cycle models",
                "interannual rainfall variability",
                "erosion rates",
                "heat flow anomalies",
                "drought persistence",
                "sediment transport",
            ],
            [
                "the central Andes",
                "the Tibetan Plateau",
                "the Sierra Nevada",
                "East Africa",
                "the North China Craton",
                "Iceland",
                "the Murray-Darling Basin",
                "Alpine catchments",
            ],
        ),
    },
    "cop": {
        "journals": [
            ("Atmospheric Chemistry and Physics", "Atmos. Chem. Phys.", 2001, 1, d_cop("acp")),
            (
                "Hydrology and Earth System Sciences",
                "Hydrol. Earth Syst. Sci.",
                1997,
                1,
                d_cop("hess"),
            ),
            ("The Cryosphere", "The Cryosphere", 2007, 1, d_cop("tc")),
            ("Biogeosciences", "Biogeosciences", 2004, 1, d_cop("bg")),
            ("Geoscientific Model Development", "Geosci. Model Dev.", 2008, 1, d_cop("gmd")),
            ("Climate of the Past", "Clim. Past", 2005, 1, d_cop("cp")),
        ],
        "words": (
            [
                "secondary organic aerosol",
                "firn densification",
                "evapotranspiration partitioning",
                "sea ice drift",
                "peatland carbon fluxes",
                "ozone deposition",
                "snow albedo feedback",
                "black carbon transport",
                "permafrost thaw",
                "methane emissions",
            ],
            [
                "boundary layer mixing",
                "model resolution",
                "satellite retrievals",
                "land surface schemes",
                "ensemble spread",
                "Holocene climate",
            ],
            [
                "the Arctic",
                "the Amazon basin",
                "the Po Valley",
                "Greenland",
                "the Antarctic Peninsula",
                "the Swiss Alps",
                "Svalbard",
                "the boreal zone",
            ],
        ),
    },
    "econ": {
        "journals": [
            ("American Economic Review", "Am. Econ. Rev.", 2000, 90, d_els("aer")),
            ("Quarterly Journal of Economics", "Q. J. Econ.", 2000, 115, d_els("qje")),
            ("Journal of Political Economy", "J. Polit. Econ.", 2000, 108, d_els("jpe")),
            (
                "American Economic Journal: Applied Economics",
                "Am. Econ. J. Appl. Econ.",
                2009,
                1,
                d_els("aeja"),
            ),
            ("Review of Economic Studies", "Rev. Econ. Stud.", 2000, 67, d_els("res")),
            ("Journal of Labor Economics", "J. Labor Econ.", 2000, 18, d_els("jle")),
        ],
        "words": (
            [
                "minimum wages",
                "credit constraints",
                "school choice",
                "trade shocks",
                "informal insurance",
                "housing wealth",
                "migration costs",
                "monetary policy surprises",
                "tax enforcement",
                "broadband access",
            ],
            [
                "labor market outcomes",
                "household consumption",
                "firm productivity",
                "intergenerational mobility",
                "regional inequality",
                "female employment",
            ],
            [
                "rural India",
                "Brazil",
                "the United States",
                "Danish registers",
                "Kenyan villages",
                "China's special economic zones",
                "post-war Germany",
                "Mexico",
            ],
        ),
    },
    "els_econ": {
        "journals": [
            ("Journal of Financial Economics", "J. Financ. Econ.", 2000, 55, d_els("jfineco")),
            ("Journal of Public Economics", "J. Public Econ.", 2000, 75, d_els("jpubeco")),
            ("Journal of Development Economics", "J. Dev. Econ.", 2000, 61, d_els("jdeveco")),
            ("Journal of Monetary Economics", "J. Monet. Econ.", 2000, 45, d_els("jmoneco")),
            ("Energy Economics", "Energy Econ.", 2000, 22, d_els("eneco")),
            ("Journal of International Economics", "J. Int. Econ.", 2000, 50, d_els("jinteco")),
        ],
        "words": (
            [
                "bank runs",
                "carbon pricing",
                "fiscal multipliers",
                "exchange rate pass-through",
                "venture capital",
                "sovereign default risk",
                "electricity market design",
                "remittances",
                "corporate bond spreads",
                "cash transfers",
            ],
            [
                "asset prices",
                "investment",
                "household savings",
                "export diversification",
                "energy demand",
                "capital flows",
            ],
            [
                "emerging markets",
                "the euro area",
                "sub-Saharan Africa",
                "Nordic countries",
                "Latin America",
                "the 2008 crisis",
                "Japan",
                "US states",
            ],
        ),
    },
    "soc": {
        "journals": [
            ("American Sociological Review", "Am. Sociol. Rev.", 2000, 65, d_els("asr")),
            ("Social Forces", "Soc. Forces", 2000, 79, d_els("sf")),
            ("Journal of Marriage and Family", "J. Marriage Fam.", 2000, 62, d_wiley("jomf")),
            ("Demography", "Demography", 2000, 37, d_spr("s13524")),
            ("Social Science & Medicine", "Soc. Sci. Med.", 2000, 50, d_els("socscimed")),
            ("Sociology of Education", "Sociol. Educ.", 2000, 73, d_els("soe")),
        ],
        "words": (
            [
                "neighborhood poverty",
                "union dissolution",
                "racial segregation",
                "educational assortative mating",
                "precarious work",
                "religious switching",
                "civic participation",
                "eviction",
                "grandparental care",
                "incarceration",
            ],
            [
                "health trajectories",
                "fertility intentions",
                "wealth gaps",
                "social trust",
                "children's wellbeing",
                "political attitudes",
            ],
            [
                "US metropolitan areas",
                "Sweden",
                "South Korea",
                "post-apartheid South Africa",
                "rural China",
                "Chicago",
                "Britain",
                "Mexican migrant families",
            ],
        ),
    },
    "sage": {
        "journals": [
            ("Urban Studies", "Urban Stud", 2000, 37, None),
            ("Sociology", "Sociology", 2000, 34, None),
            ("Environment and Planning A: Economy and Space", "Environ Plan A", 2000, 32, None),
            ("Journal of Sociology", "J Sociol", 2000, 36, None),
            ("Critical Social Policy", "Crit Soc Policy", 2000, 20, None),
            ("Punishment & Society", "Punishm Soc", 2000, 2, None),
        ],
        "words": (
            [
                "gentrification",
                "youth justice",
                "welfare conditionality",
                "street-level bureaucracy",
                "probation reform",
                "platform labour",
                "social housing",
                "community policing",
                "austerity",
                "legal aid cuts",
            ],
            [
                "everyday resistance",
                "spatial inequality",
                "penal politics",
                "care work",
                "tenant organising",
                "public trust",
            ],
            [
                "London",
                "Glasgow",
                "Melbourne",
                "Berlin",
                "Manchester",
                "Dublin",
                "Toronto",
                "English local authorities",
            ],
        ),
    },
    "hum": {
        "journals": [
            ("PMLA", "PMLA", 2000, 115, None),
            ("Renaissance Quarterly", "Renaiss. Q.", 2000, 53, None),
            ("Journal of the History of Ideas", "J. Hist. Ideas", 2000, 61, None),
            ("Modern Philology", "Mod. Philol.", 2000, 97, None),
            ("Victorian Studies", "Vic. Stud.", 2000, 42, None),
            ("Speculum", "Speculum", 2000, 75, None),
            ("Comparative Literature", "Comp. Lit.", 2000, 52, None),
        ],
        "words": (
            [
                "the pastoral elegy",
                "marginalia",
                "Milton's prose",
                "the epistolary novel",
                "devotional lyric",
                "Dickens's serials",
                "medieval pilgrimage",
                "translation",
                "the sonnet sequence",
                "Montaigne's essays",
            ],
            [
                "reading publics",
                "the politics of memory",
                "print culture",
                "gendered authorship",
                "imperial anxiety",
                "urban space",
            ],
            [
                "early modern England",
                "Venice",
                "Victorian London",
                "the Hispanic world",
                "fourteenth-century France",
                "colonial Bengal",
                "Weimar Germany",
                "the Scottish Enlightenment",
            ],
        ),
    },
    "ieee": {
        "journals": [
            (
                "IEEE Transactions on Power Systems",
                "IEEE Trans. Power Syst.",
                2000,
                15,
                d_ieee("TPWRS"),
            ),
            (
                "IEEE Transactions on Industrial Electronics",
                "IEEE Trans. Ind. Electron.",
                2000,
                47,
                d_ieee("TIE"),
            ),
            (
                "IEEE Journal of Solid-State Circuits",
                "IEEE J. Solid-State Circuits",
                2000,
                35,
                d_ieee("JSSC"),
            ),
            (
                "IEEE Transactions on Signal Processing",
                "IEEE Trans. Signal Process.",
                2000,
                48,
                d_ieee("TSP"),
            ),
            ("IEEE Transactions on Robotics", "IEEE Trans. Robot.", 2004, 20, d_ieee("TRO")),
        ],
        "confs": [
            "Proc. IEEE Int. Conf. Robot. Autom. (ICRA)",
            "Proc. IEEE/CVF Conf. Comput. Vis. Pattern Recognit. (CVPR)",
            "Proc. IEEE Int. Conf. Commun. (ICC)",
            "Proc. IEEE Int. Solid-State Circuits Conf. (ISSCC)",
            "Proc. IEEE Power Energy Soc. Gen. Meeting",
            "Proc. IEEE Int. Conf. Acoust., Speech Signal Process. (ICASSP)",
        ],
        "words": (
            [
                "Model predictive control",
                "Sparse channel estimation",
                "A 28-nm SAR ADC",
                "Graph neural networks",
                "Visual-inertial odometry",
                "Distributed optimal power flow",
                "Wideband beamforming",
                "Fault detection",
                "Low-latency scheduling",
                "Sensorless speed estimation",
            ],
            [
                "grid-forming inverters",
                "massive MIMO systems",
                "legged robots",
                "5G uplinks",
                "induction motors",
                "microgrids",
            ],
            [
                "uncertainty",
                "hardware constraints",
                "cyber attacks",
                "partial observability",
                "time-varying delays",
                "high renewable penetration",
            ],
        ),
    },
    "acm": {
        "journals": [
            ("ACM Transactions on Graphics", "ACM Trans. Graph.", 2000, 19, d_acm()),
            ("Communications of the ACM", "Commun. ACM", 2000, 43, d_acm()),
            ("ACM Computing Surveys", "ACM Comput. Surv.", 2000, 32, d_acm()),
            (
                "ACM Transactions on Computer-Human Interaction",
                "ACM Trans. Comput.-Hum. Interact.",
                2000,
                7,
                d_acm(),
            ),
            (
                "ACM Transactions on Software Engineering and Methodology",
                "ACM Trans. Softw. Eng. Methodol.",
                2000,
                9,
                d_acm(),
            ),
        ],
        "confs": [
            "Proceedings of the 2019 CHI Conference on Human Factors in Computing Systems",
            "Proceedings of the 25th ACM SIGKDD International Conference on Knowledge Discovery & Data Mining",
            "Proceedings of the 42nd International Conference on Software Engineering",
            "Proceedings of the 2021 ACM SIGSAC Conference on Computer and Communications Security",
            "Proceedings of the 33rd Annual ACM Symposium on User Interface Software and Technology",
        ],
        "words": (
            [
                "crowdsourced annotation",
                "program repair",
                "differential privacy",
                "mixed-reality prototyping",
                "code review",
                "haptic feedback",
                "screen reader navigation",
                "fuzzing",
                "recommender fairness",
                "mobile notifications",
            ],
            [
                "developer productivity",
                "user trust",
                "accessibility",
                "data leakage",
                "collaborative sensemaking",
                "energy use",
            ],
            [
                "open-source projects",
                "older adults",
                "large language models",
                "smart homes",
                "online labour markets",
                "classroom settings",
            ],
        ),
    },
    "rsc": {
        "journals": [
            ("Journal of Materials Chemistry A", "J. Mater. Chem. A", 2013, 1, None),
            ("Chemical Science", "Chem. Sci.", 2010, 1, None),
            ("Chemical Communications", "Chem. Commun.", 2000, 0, None),
            ("Green Chemistry", "Green Chem.", 2000, 2, None),
            ("Physical Chemistry Chemical Physics", "Phys. Chem. Chem. Phys.", 2000, 2, None),
            ("Dalton Transactions", "Dalton Trans.", 2003, 0, None),
            ("Energy & Environmental Science", "Energy Environ. Sci.", 2008, 1, None),
            ("Angewandte Chemie International Edition", "Angew. Chem., Int. Ed.", 2000, 39, None),
            ("Journal of the American Chemical Society", "J. Am. Chem. Soc.", 2000, 122, None),
            ("Nature Communications", "Nat. Commun.", 2010, 1, None),
        ],
        "words": ([""], [""], [""]),
    },
    "ams": {
        "journals": [
            ("Journal of Algebra", "J. Algebra", 2000, 223, None),
            ("Annals of Mathematics", "Ann. of Math. (2)", 2000, 151, None),
            ("Inventiones Mathematicae", "Invent. Math.", 2000, 139, None),
            ("Duke Mathematical Journal", "Duke Math. J.", 2000, 101, None),
            (
                "Transactions of the American Mathematical Society",
                "Trans. Amer. Math. Soc.",
                2000,
                352,
                None,
            ),
            (
                "Proceedings of the American Mathematical Society",
                "Proc. Amer. Math. Soc.",
                2000,
                128,
                None,
            ),
            ("Advances in Mathematics", "Adv. Math.", 2000, 149, None),
            (
                "Journal für die reine und angewandte Mathematik",
                "J. Reine Angew. Math.",
                2000,
                518,
                None,
            ),
        ],
        "words": (
            [
                "Cohomology of arithmetic groups",
                "Rigidity of Kähler manifolds",
                "Heights on abelian varieties",
                "Lattice points in convex bodies",
                "Modular representations of finite groups",
                "Hecke algebras",
                "Minimal surfaces",
                "Stable vector bundles",
                "Ergodic averages",
                "The Cuntz semigroup",
            ],
            [
                "Hodge theory",
                "positive characteristic",
                "the Langlands program",
                "hyperbolic 3-manifolds",
                "Shimura varieties",
                "Calabi-Yau threefolds",
            ],
            [
                "small rank",
                "the critical strip",
                "function fields",
                "low genus",
                "weight two",
                "type A",
            ],
        ),
    },
    "cabi": {
        "journals": [
            ("Veterinary Record", "Vet. Rec.", 2000, 146, d_wiley("vetr")),
            ("Preventive Veterinary Medicine", "Prev. Vet. Med.", 2000, 43, d_els("prevetmed")),
            ("Journal of Dairy Science", "J. Dairy Sci.", 2000, 83, d_els("jds")),
            ("Poultry Science", "Poult. Sci.", 2000, 79, d_els("psj")),
            ("Veterinary Parasitology", "Vet. Parasitol.", 2000, 88, d_els("vetpar")),
            (
                "Tropical Animal Health and Production",
                "Trop. Anim. Health Prod.",
                2000,
                32,
                d_spr("s11250"),
            ),
            ("Field Crops Research", "Field Crops Res.", 2000, 65, d_els("fcr")),
        ],
        "words": (
            [
                "bovine tuberculosis",
                "gastrointestinal nematodes",
                "subclinical mastitis",
                "heat stress",
                "foot-and-mouth disease vaccination",
                "anthelmintic resistance",
                "lameness",
                "Newcastle disease",
                "feed efficiency",
                "maize stover supplementation",
            ],
            [
                "milk yield",
                "smallholder herds",
                "broiler growth",
                "calf mortality",
                "sheep flocks",
                "village poultry",
            ],
            [
                "Ethiopia",
                "Ireland",
                "the Netherlands",
                "northern Tanzania",
                "New Zealand",
                "Punjab",
                "Brazil",
                "Scottish farms",
            ],
        ),
    },
    "nurs": {
        "journals": [
            ("Journal of Advanced Nursing", "J Adv Nurs", 2000, 31, d_wiley("jan")),
            (
                "International Journal of Nursing Studies",
                "Int J Nurs Stud",
                2000,
                37,
                d_els("ijnurstu"),
            ),
            ("Nurse Education Today", "Nurse Educ Today", 2000, 20, d_els("nedt")),
            ("Journal of Clinical Nursing", "J Clin Nurs", 2000, 9, d_wiley("jocn")),
            ("Research in Nursing & Health", "Res Nurs Health", 2000, 23, d_wiley("nur")),
            ("Journal of Nursing Management", "J Nurs Manag", 2000, 8, d_wiley("jonm")),
        ],
        "words": (
            [
                "Compassion fatigue",
                "Missed nursing care",
                "Simulation-based education",
                "Nurse staffing",
                "Moral distress",
                "Family presence",
                "Medication errors",
                "Pressure injury prevention",
                "Preceptorship",
                "Shift length",
            ],
            [
                "patient outcomes",
                "new graduate nurses",
                "intensive care units",
                "burnout",
                "older inpatients",
                "job satisfaction",
            ],
            [
                "acute hospitals",
                "rural hospitals",
                "community settings",
                "paediatric wards",
                "nursing homes",
                "emergency departments",
            ],
        ),
    },
    "spr": {
        "journals": [
            ("European Journal of Pediatrics", "Eur J Pediatr", 2000, 159, d_spr("s00431")),
            ("Osteoporosis International", "Osteoporos Int", 2000, 11, d_spr("s00198")),
            ("Supportive Care in Cancer", "Support Care Cancer", 2000, 8, d_spr("s00520")),
            ("Quality of Life Research", "Qual Life Res", 2000, 9, d_spr("s11136")),
            ("European Radiology", "Eur Radiol", 2000, 10, d_spr("s00330")),
            ("Surgical Endoscopy", "Surg Endosc", 2000, 14, d_spr("s00464")),
        ],
        "words": (
            [
                "Vitamin D supplementation",
                "Hip fracture surgery",
                "Bronchiolitis admissions",
                "Chemotherapy-induced nausea",
                "Laparoscopic cholecystectomy",
                "Dual-energy CT",
                "Sarcopenia",
                "Fatigue",
                "Neonatal jaundice",
                "Diffusion-weighted MRI",
            ],
            [
                "bone mineral density",
                "postoperative complications",
                "health-related quality of life",
                "readmission",
                "diagnostic accuracy",
                "infants",
            ],
            [
                "a randomised controlled trial",
                "a prospective cohort",
                "a multicentre study",
                "a systematic review and meta-analysis",
                "a retrospective analysis",
                "a population-based study",
            ],
        ),
    },
    "oxtf": {
        "journals": [
            ("Journal of Economic Geography", "J. Econ. Geogr.", 2001, 1, d_tf("jeg")),
            ("Cambridge Journal of Economics", "Camb. J. Econ.", 2000, 24, d_tf("cje")),
            ("Journal of Refugee Studies", "J. Refug. Stud.", 2000, 13, d_tf("jrs")),
            ("Regional Studies", "Reg. Stud.", 2000, 34, d_tf("00343404")),
            ("Journal of Development Studies", "J. Dev. Stud.", 2000, 37, d_tf("00220388")),
            ("Disability & Society", "Disabil. Soc.", 2000, 15, d_tf("09687599")),
            ("Studies in Higher Education", "Stud. High. Educ.", 2000, 25, d_tf("03075079")),
        ],
        "words": (
            [
                "agglomeration economies",
                "refugee livelihoods",
                "smart specialisation",
                "inclusive education",
                "knowledge spillovers",
                "graduate employability",
                "encampment policies",
                "regional resilience",
                "disability benefits",
                "student debt",
            ],
            [
                "local labour markets",
                "host communities",
                "innovation",
                "widening participation",
                "the welfare state",
                "informal economies",
            ],
            [
                "Jordan",
                "UK regions",
                "Uganda",
                "Italian industrial districts",
                "Australian universities",
                "the European periphery",
                "Lebanon",
                "Nordic cities",
            ],
        ),
    },
}


def article(
    field: str,
    used: set[str],
    nauth: tuple[int, int] = (1, 4),
    years: tuple[int, int] = (1998, 2023),
    **extra: Any,
) -> Art:
    dom = FIELDS[field]
    full, abbr, y0, v0, doi = R.choice(dom["journals"])
    year = R.randint(max(years[0], y0), years[1])
    a, b, c = dom["words"]
    pool = make_titles(a, b, c)
    if field == "ams":
        pool = [t for t in pool if ", " not in t]
    title = pick_title(pool, used) if a != [""] else ""
    fp, lp = pages()
    vol = vol_for(year, v0, y0)
    art = {
        "authors": people(R.randint(*nauth)),
        "title": title,
        "full": full,
        "abbr": abbr,
        "year": year,
        "vol": vol,
        "issue": str(R.randint(1, 12)),
        "fp": fp,
        "lp": lp,
        "doi": doi(year, vol, fp) if doi else None,
    }
    art.update(extra)
    return art


# ---- hand-written references: books, chapters, reports, theses, data, preprints, web pages,
# and the articles no pool gives (numbers, parts, translations, group authors) --------------

N = None


def hw(
    text: str,
    authors: list[list[str]],
    title: str | None,
    container: str | None,
    year: str | None,
    volume: str | None = None,
    issue: str | None = None,
    fpage: str | None = None,
    lpage: str | None = None,
    doi: str | None = None,
) -> dict[str, Any]:
    return rec(text, authors, title, container, year, volume, issue, fpage, lpage, doi)


SPECIAL: dict[str, list[dict[str, Any]]] = {
    "agu": [
        hw(
            "Turcotte, D. L., & Schubert, G. (2014). Geodynamics (3rd ed.). Cambridge University Press. https://doi.org/10.1017/CBO9780511843877",
            [["Turcotte", "D. L."], ["Schubert", "G."]],
            "Geodynamics",
            N,
            "2014",
            doi="10.1017/CBO9780511843877",
        ),
        hw(
            "Hetényi, G., & Molinari, I. (2020). Receiver function stacks for the eastern Alps, version 2 [Dataset]. Zenodo. https://doi.org/10.5281/zenodo.3821463",
            [["Hetényi", "G."], ["Molinari", "I."]],
            "Receiver function stacks for the eastern Alps, version 2",
            N,
            "2020",
            doi="10.5281/zenodo.3821463",
        ),
        hw(
            "Young, A. B., & Long, J. (2018). Rift obliquity and the segmentation of magmatic margins. In K. D. Mahoney & R. Weller (Eds.), Rifted margins revisited (pp. 113–141). American Geophysical Union. https://doi.org/10.1002/9781119421641.ch5",
            [["Young", "A. B."], ["Long", "J."]],
            "Rift obliquity and the segmentation of magmatic margins",
            "Rifted margins revisited",
            "2018",
            fpage="113",
            lpage="141",
            doi="10.1002/9781119421641.ch5",
        ),
        hw(
            "U.S. Geological Survey. (2021). Earthquake catalog, 1900–2020 [Dataset]. Retrieved from https://earthquake.usgs.gov/earthquakes/search/",
            [["U.S. Geological Survey", ""]],
            "Earthquake catalog, 1900–2020",
            N,
            "2021",
        ),
        hw(
            "Ferreira, J., van der Berg, A., & Øvrebø, I. (2022). Slow slip beneath the Hikurangi margin resolved with 16,000 repeating earthquakes. Geophysical Research Letters, 49, e2021GL096512. https://doi.org/10.1029/2021GL096512",
            [["Ferreira", "J."], ["van der Berg", "A."], ["Øvrebø", "I."]],
            "Slow slip beneath the Hikurangi margin resolved with 16,000 repeating earthquakes",
            "Geophysical Research Letters",
            "2022",
            "49",
            N,
            "e2021GL096512",
            N,
            "10.1029/2021GL096512",
        ),
    ],
    "cop": [
        hw(
            "IPCC: Climate Change 2021: The Physical Science Basis. Contribution of Working Group I to the Sixth Assessment Report of the Intergovernmental Panel on Climate Change, Cambridge University Press, Cambridge, UK and New York, NY, USA, https://doi.org/10.1017/9781009157896, 2021.",
            [["IPCC", ""]],
            "Climate Change 2021: The Physical Science Basis. Contribution of Working Group I to the Sixth Assessment Report of the Intergovernmental Panel on Climate Change",
            N,
            "2021",
            doi="10.1017/9781009157896",
        ),
        hw(
            "Hersbach, H., Bell, B., Berrisford, P., Hirahara, S., Horányi, A., Muñoz-Sabater, J., Nicolas, J., Peubey, C., Radu, R., Schepers, D., Simmons, A., Soci, C., Abdalla, S., Abellan, X., Balsamo, G., Bechtold, P., Biavati, G., Bidlot, J., Bonavita, M., De Chiara, G., Dahlgren, P., Dee, D., Diamantakis, M., Dragani, R., Flemming, J., Forbes, R., Fuentes, M., Geer, A., Haimberger, L., Healy, S., Hogan, R. J., Hólm, E., Janisková, M., Keeley, S., Laloyaux, P., Lopez, P., Lupu, C., Radnoti, G., de Rosnay, P., Rozum, I., Vamborg, F., Villaume, S., and Thépaut, J.-N.: The ERA5 global reanalysis, Q. J. Roy. Meteor. Soc., 146, 1999–2049, https://doi.org/10.1002/qj.3803, 2020.",
            [
                [f, g]
                for f, g in [
                    ("Hersbach", "H."),
                    ("Bell", "B."),
                    ("Berrisford", "P."),
                    ("Hirahara", "S."),
                    ("Horányi", "A."),
                    ("Muñoz-Sabater", "J."),
                    ("Nicolas", "J."),
                    ("Peubey", "C."),
                    ("Radu", "R."),
                    ("Schepers", "D."),
                    ("Simmons", "A."),
                    ("Soci", "C."),
                    ("Abdalla", "S."),
                    ("Abellan", "X."),
                    ("Balsamo", "G."),
                    ("Bechtold", "P."),
                    ("Biavati", "G."),
                    ("Bidlot", "J."),
                    ("Bonavita", "M."),
                    ("De Chiara", "G."),
                    ("Dahlgren", "P."),
                    ("Dee", "D."),
                    ("Diamantakis", "M."),
                    ("Dragani", "R."),
                    ("Flemming", "J."),
                    ("Forbes", "R."),
                    ("Fuentes", "M."),
                    ("Geer", "A."),
                    ("Haimberger", "L."),
                    ("Healy", "S."),
                    ("Hogan", "R. J."),
                    ("Hólm", "E."),
                    ("Janisková", "M."),
                    ("Keeley", "S."),
                    ("Laloyaux", "P."),
                    ("Lopez", "P."),
                    ("Lupu", "C."),
                    ("Radnoti", "G."),
                    ("de Rosnay", "P."),
                    ("Rozum", "I."),
                    ("Vamborg", "F."),
                    ("Villaume", "S."),
                    ("Thépaut", "J.-N."),
                ]
            ],
            "The ERA5 global reanalysis",
            "Q. J. Roy. Meteor. Soc.",
            "2020",
            "146",
            N,
            "1999",
            "2049",
            "10.1002/qj.3803",
        ),
        hw(
            "Lindqvist, S., May, C., and Virtanen, A.: Aerosol hygroscopicity in a boreal forest: ten years of HTDMA data, Atmos. Chem. Phys. Discuss. [preprint], https://doi.org/10.5194/acp-2021-512, in review, 2021.",
            [["Lindqvist", "S."], ["May", "C."], ["Virtanen", "A."]],
            "Aerosol hygroscopicity in a boreal forest: ten years of HTDMA data",
            "Atmos. Chem. Phys. Discuss.",
            "2021",
            doi="10.5194/acp-2021-512",
        ),
        hw(
            "Paterson, W. S. B.: The Physics of Glaciers, 3rd edn., Pergamon, Oxford, 480 pp., 1994.",
            [["Paterson", "W. S. B."]],
            "The Physics of Glaciers",
            N,
            "1994",
        ),
        hw(
            "Müller-Lüdenscheidt, H.-P. and Schäfer, D.: Snow depth observations at Weissfluhjoch, 1936–2020, EnviDat [data set], https://doi.org/10.16904/envidat.201, 2021.",
            [["Müller-Lüdenscheidt", "H.-P."], ["Schäfer", "D."]],
            "Snow depth observations at Weissfluhjoch, 1936–2020",
            N,
            "2021",
            doi="10.16904/envidat.201",
        ),
    ],
    "aea": [
        hw(
            "Acemoglu, Daron, and Pascual Restrepo. 2020. “Robots and Jobs: Evidence from US Labor Markets.” Journal of Political Economy 128 (6): 2188–244.",
            [["Acemoglu", "Daron"], ["Restrepo", "Pascual"]],
            "Robots and Jobs: Evidence from US Labor Markets",
            "Journal of Political Economy",
            "2020",
            "128",
            "6",
            "2188",
            "2244",
        ),
        hw(
            "Price, Gareth, and Catherine May. 2018. “Credit Shocks and Small Firms.” NBER Working Paper 24517.",
            [["Price", "Gareth"], ["May", "Catherine"]],
            "Credit Shocks and Small Firms",
            N,
            "2018",
        ),
        hw(
            "Angrist, Joshua D., and Jörn-Steffen Pischke. 2009. Mostly Harmless Econometrics: An Empiricist’s Companion. Princeton, NJ: Princeton University Press.",
            [["Angrist", "Joshua D."], ["Pischke", "Jörn-Steffen"]],
            "Mostly Harmless Econometrics: An Empiricist’s Companion",
            N,
            "2009",
        ),
        hw(
            "Card, David. 1999. “The Causal Effect of Education on Earnings.” In Handbook of Labor Economics, Vol. 3A, edited by Orley Ashenfelter and David Card, 1801–63. Amsterdam: Elsevier.",
            [["Card", "David"]],
            "The Causal Effect of Education on Earnings",
            "Handbook of Labor Economics",
            "1999",
            "3A",
            N,
            "1801",
            "1863",
        ),
        hw(
            "Young, Alice B. 2021. “Replication Data for: Minimum Wages and Teen Employment.” American Economic Association [publisher], Inter-university Consortium for Political and Social Research [distributor]. https://doi.org/10.3886/E123456V1.",
            [["Young", "Alice B."]],
            "Replication Data for: Minimum Wages and Teen Employment",
            N,
            "2021",
            doi="10.3886/E123456V1",
        ),
        hw(
            "Bureau of Labor Statistics. 2022. “Current Population Survey, 1994–2021.” https://www.bls.gov/cps/ (accessed March 3, 2022).",
            [["Bureau of Labor Statistics", ""]],
            "Current Population Survey, 1994–2021",
            N,
            "2022",
        ),
    ],
    "els_econ": [
        hw(
            "Hamilton, J.D., 1994. Time Series Analysis. Princeton University Press, Princeton, NJ.",
            [["Hamilton", "J.D."]],
            "Time Series Analysis",
            N,
            "1994",
        ),
        hw(
            "Rich, A., Best, C., 2017. Central bank communication, in: Taylor, J.B., Uhlig, H. (Eds.), Handbook of Macroeconomics, vol. 2. Elsevier, Amsterdam, pp. 1455–1511.",
            [["Rich", "A."], ["Best", "C."]],
            "Central bank communication",
            "Handbook of Macroeconomics",
            "2017",
            "2",
            N,
            "1455",
            "1511",
        ),
        hw(
            "International Monetary Fund, 2019. World Economic Outlook: Global Manufacturing Downturn, Rising Trade Barriers. IMF, Washington, DC.",
            [["International Monetary Fund", ""]],
            "World Economic Outlook: Global Manufacturing Downturn, Rising Trade Barriers",
            N,
            "2019",
        ),
        hw(
            "Wang, L., Chen, X., Long, J., 2021. Carbon pricing and firm exit: evidence from China's pilot markets. Energy Econ. 95, 105112. https://doi.org/10.1016/j.eneco.2021.105112",
            [["Wang", "L."], ["Chen", "X."], ["Long", "J."]],
            "Carbon pricing and firm exit: evidence from China's pilot markets",
            "Energy Econ.",
            "2021",
            "95",
            N,
            "105112",
            N,
            "10.1016/j.eneco.2021.105112",
        ),
        hw(
            "Di Luca, M., 2016. Essays on sovereign debt and banking crises. Ph.D. thesis. Bocconi University, Milan.",
            [["Di Luca", "M."]],
            "Essays on sovereign debt and banking crises",
            N,
            "2016",
        ),
    ],
    "soc": [
        hw(
            "Bourdieu, Pierre. 1984. Distinction: A Social Critique of the Judgement of Taste. Translated by Richard Nice. Cambridge, MA: Harvard University Press.",
            [["Bourdieu", "Pierre"]],
            "Distinction: A Social Critique of the Judgement of Taste",
            N,
            "1984",
        ),
        hw(
            "Wood, Hannah, and Naomi Love. 2015. “Eviction and the Reproduction of Urban Poverty.” In The Handbook of Housing Studies, edited by Iain Stewart and Fiona Campbell, 211–34. New York: Routledge.",
            [["Wood", "Hannah"], ["Love", "Naomi"]],
            "Eviction and the Reproduction of Urban Poverty",
            "The Handbook of Housing Studies",
            "2015",
            fpage="211",
            lpage="234",
        ),
        hw(
            "Desmond, Matthew. 2016. Evicted: Poverty and Profit in the American City. New York: Crown.",
            [["Desmond", "Matthew"]],
            "Evicted: Poverty and Profit in the American City",
            N,
            "2016",
        ),
        hw(
            "Ruggles, Steven, Sarah Flood, Ronald Goeken, Megan Schouweiler, and Matthew Sobek. 2022. IPUMS USA: Version 12.0 [dataset]. Minneapolis, MN: IPUMS. https://doi.org/10.18128/D010.V12.0.",
            [
                ["Ruggles", "Steven"],
                ["Flood", "Sarah"],
                ["Goeken", "Ronald"],
                ["Schouweiler", "Megan"],
                ["Sobek", "Matthew"],
            ],
            "IPUMS USA: Version 12.0",
            N,
            "2022",
            doi="10.18128/D010.V12.0",
        ),
        hw(
            "Martin, Sophie. 2019. “Faith, Family, and Mobility: Religious Switching among Second-Generation Immigrants.” PhD diss., University of Wisconsin–Madison.",
            [["Martin", "Sophie"]],
            "Faith, Family, and Mobility: Religious Switching among Second-Generation Immigrants",
            N,
            "2019",
        ),
    ],
    "sage": [
        hw(
            "Law Commission (2016) Sentencing Procedure Issues Paper 1: Transition. Law Com No. 365. London: Law Commission.",
            [["Law Commission", ""]],
            "Sentencing Procedure Issues Paper 1: Transition",
            N,
            "2016",
        ),
        hw(
            "House of Commons Justice Committee (2019) Prison Population 2022: Planning for the Future. HC 483. London: House of Commons.",
            [["House of Commons Justice Committee", ""]],
            "Prison Population 2022: Planning for the Future",
            N,
            "2019",
        ),
        hw(
            "Ministry of Housing, Communities and Local Government (2020) English Housing Survey: Social Rented Sector, 2018–19. Available at: https://www.gov.uk/government/statistics/english-housing-survey-2018-to-2019-social-rented-sector (accessed 14 March 2021).",
            [["Ministry of Housing, Communities and Local Government", ""]],
            "English Housing Survey: Social Rented Sector, 2018–19",
            N,
            "2020",
        ),
        hw(
            "Lipsky M (1980) Street-Level Bureaucracy: Dilemmas of the Individual in Public Services. New York: Russell Sage Foundation.",
            [["Lipsky", "M"]],
            "Street-Level Bureaucracy: Dilemmas of the Individual in Public Services",
            N,
            "1980",
        ),
        hw(
            "Little E and Strong PW (2017) Probation after privatisation. In: Hughes B and Evans R (eds) Rethinking Community Justice. Bristol: Policy Press, pp. 89–112.",
            [["Little", "E"], ["Strong", "PW"]],
            "Probation after privatisation",
            "Rethinking Community Justice",
            "2017",
            fpage="89",
            lpage="112",
        ),
        hw(
            "Howard League for Penal Reform (2018) Out of Court: Diversion in Practice. Research Briefing 42. London: Howard League.",
            [["Howard League for Penal Reform", ""]],
            "Out of Court: Diversion in Practice",
            N,
            "2018",
        ),
    ],
    "hum": [
        hw(
            "Greenblatt, Stephen. Renaissance Self-Fashioning: From More to Shakespeare. U of Chicago P, 1980.",
            [["Greenblatt", "Stephen"]],
            "Renaissance Self-Fashioning: From More to Shakespeare",
            N,
            "1980",
        ),
        hw(
            "Lefèvre, Élodie. “La lettre et le lecteur: l’épistolaire au XVIIIe siècle [The Letter and the Reader: The Epistolary in the Eighteenth Century].” Revue d’histoire littéraire de la France, vol. 118, no. 2, 2018, pp. 301–22.",
            [["Lefèvre", "Élodie"]],
            "La lettre et le lecteur: l’épistolaire au XVIIIe siècle [The Letter and the Reader: The Epistolary in the Eighteenth Century]",
            "Revue d’histoire littéraire de la France",
            "2018",
            "118",
            "2",
            "301",
            "322",
        ),
        hw(
            "Hughes, Bethan. “Reading Dickens in Parts.” The Oxford Handbook of Charles Dickens, edited by Robert L. Patten et al., Oxford UP, 2018, pp. 88–104.",
            [["Hughes", "Bethan"]],
            "Reading Dickens in Parts",
            "The Oxford Handbook of Charles Dickens",
            "2018",
            fpage="88",
            lpage="104",
        ),
        hw(
            "Auerbach, Erich. Mimesis: The Representation of Reality in Western Literature. Translated by Willard R. Trask, Princeton UP, 1953.",
            [["Auerbach", "Erich"]],
            "Mimesis: The Representation of Reality in Western Literature",
            N,
            "1953",
        ),
        hw(
            "Romano, Chiara. Venice and the Book: Printers, Readers, and Censors, 1540–1605. Chicago: University of Chicago Press, 2014.",
            [["Romano", "Chiara"]],
            "Venice and the Book: Printers, Readers, and Censors, 1540–1605",
            N,
            "2014",
        ),
        hw(
            "Campbell, Fiona. “Ossian’s Readers, Part II.” Journal of the History of Ideas 74, no. 1 (2013): 45–67.",
            [["Campbell", "Fiona"]],
            "Ossian’s Readers, Part II",
            "Journal of the History of Ideas",
            "2013",
            "74",
            "1",
            "45",
            "67",
        ),
        hw(
            "De Geest, Sabina. “Pilgrim Badges and Devotional Practice.” PhD diss., KU Leuven, 2011.",
            [["De Geest", "Sabina"]],
            "Pilgrim Badges and Devotional Practice",
            N,
            "2011",
        ),
    ],
    "ieee": [
        hw(
            "P. Kundur, Power System Stability and Control. New York, NY, USA: McGraw-Hill, 1994.",
            [["Kundur", "P."]],
            "Power System Stability and Control",
            N,
            "1994",
        ),
        hw(
            "K. He, X. Zhang, S. Ren, and J. Sun, “Deep residual learning for image recognition,” in Proc. IEEE Conf. Comput. Vis. Pattern Recognit. (CVPR), Las Vegas, NV, USA, Jun. 2016, pp. 770–778.",
            [["He", "K."], ["Zhang", "X."], ["Ren", "S."], ["Sun", "J."]],
            "Deep residual learning for image recognition",
            "Proc. IEEE Conf. Comput. Vis. Pattern Recognit. (CVPR)",
            "2016",
            fpage="770",
            lpage="778",
        ),
        hw(
            "J. Park and S.-M. Park, “Learning-based grasp planning under occlusion,” 2021, arXiv:2104.05521.",
            [["Park", "J."], ["Park", "S.-M."]],
            "Learning-based grasp planning under occlusion",
            N,
            "2021",
        ),
        hw(
            "IEEE Standard for Interconnection and Interoperability of Distributed Energy Resources with Associated Electric Power Systems Interfaces, IEEE Std 1547-2018, Apr. 2018.",
            [],
            "IEEE Standard for Interconnection and Interoperability of Distributed Energy Resources with Associated Electric Power Systems Interfaces",
            N,
            "2018",
        ),
        hw(
            "M. Di Luca, “Adaptive control of soft continuum manipulators,” Ph.D. dissertation, Dept. Mech. Eng., Politecnico di Milano, Milan, Italy, 2019.",
            [["Di Luca", "M."]],
            "Adaptive control of soft continuum manipulators",
            N,
            "2019",
        ),
        hw(
            "A. Young, “Grid codes for inverter-based resources,” in Power Electronics for Renewable Energy Systems, F. Blaabjerg, Ed. London, U.K.: IET, 2017, ch. 4, pp. 97–128.",
            [["Young", "A."]],
            "Grid codes for inverter-based resources",
            "Power Electronics for Renewable Energy Systems",
            "2017",
            fpage="97",
            lpage="128",
        ),
    ],
    "acm": [
        hw(
            "Donald E. Knuth. 1997. The Art of Computer Programming, Volume 1: Fundamental Algorithms (3rd ed.). Addison Wesley Longman Publishing Co., Inc., Redwood City, CA, USA.",
            [["Knuth", "Donald E."]],
            "The Art of Computer Programming, Volume 1: Fundamental Algorithms",
            N,
            "1997",
        ),
        hw(
            "Emma Little and Oliver Fox. 2023. Auditing Code Assistants for License Leakage. arXiv:2305.11867. Retrieved from https://arxiv.org/abs/2305.11867",
            [["Little", "Emma"], ["Fox", "Oliver"]],
            "Auditing Code Assistants for License Leakage",
            N,
            "2023",
        ),
        hw(
            "Ji-Woo Kim. 2020. Designing Accessible Data Visualizations for Screen Reader Users. Ph.D. Dissertation. University of Washington, Seattle, WA.",
            [["Kim", "Ji-Woo"]],
            "Designing Accessible Data Visualizations for Screen Reader Users",
            N,
            "2020",
        ),
        hw(
            "GitHub. 2022. The State of the Octoverse. Retrieved March 2, 2023 from https://octoverse.github.com/",
            [["GitHub", ""]],
            "The State of the Octoverse",
            N,
            "2022",
        ),
        hw(
            "Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, Aidan N. Gomez, Łukasz Kaiser, and Illia Polosukhin. 2017. Attention Is All You Need. In Advances in Neural Information Processing Systems 30. Curran Associates, Inc., 5998–6008.",
            [
                ["Vaswani", "Ashish"],
                ["Shazeer", "Noam"],
                ["Parmar", "Niki"],
                ["Uszkoreit", "Jakob"],
                ["Jones", "Llion"],
                ["Gomez", "Aidan N."],
                ["Kaiser", "Łukasz"],
                ["Polosukhin", "Illia"],
            ],
            "Attention Is All You Need",
            "Advances in Neural Information Processing Systems 30",
            "2017",
            fpage="5998",
            lpage="6008",
        ),
    ],
    "rsc": [
        hw(
            "F. A. Cotton, G. Wilkinson, C. A. Murillo and M. Bochmann, Advanced Inorganic Chemistry, Wiley, New York, 6th edn, 1999.",
            [["Cotton", "F. A."], ["Wilkinson", "G."], ["Murillo", "C. A."], ["Bochmann", "M."]],
            "Advanced Inorganic Chemistry",
            N,
            "1999",
        ),
        hw(
            "M. J. Frisch, G. W. Trucks, H. B. Schlegel et al., Gaussian 16, Revision C.01, Gaussian, Inc., Wallingford CT, 2016.",
            [["Frisch", "M. J."], ["Trucks", "G. W."], ["Schlegel", "H. B."]],
            "Gaussian 16, Revision C.01",
            N,
            "2016",
        ),
        hw(
            "Y. Long, C. May and R. Rich, in Metal–Organic Frameworks for Gas Storage, ed. K. Nielsen, Royal Society of Chemistry, Cambridge, 2016, ch. 7, pp. 201–236.",
            [["Long", "Y."], ["May", "C."], ["Rich", "R."]],
            N,
            "Metal–Organic Frameworks for Gas Storage",
            "2016",
            fpage="201",
            lpage="236",
        ),
        hw(
            "A. Sánchez-Ortiz and L. Wang, ChemRxiv, 2022, preprint, DOI: 10.26434/chemrxiv-2022-4xk9q.",
            [["Sánchez-Ortiz", "A."], ["Wang", "L."]],
            N,
            "ChemRxiv",
            "2022",
            doi="10.26434/chemrxiv-2022-4xk9q",
        ),
        hw(
            "J. Zhang, Y. Li and H. Liu, J. Mater. Chem. A, 2020, 8, 1234–1241, DOI: 10.1039/C9TA11567B.",
            [["Zhang", "J."], ["Li", "Y."], ["Liu", "H."]],
            N,
            "J. Mater. Chem. A",
            "2020",
            "8",
            N,
            "1234",
            "1241",
            "10.1039/C9TA11567B",
        ),
    ],
    "ams": [
        hw(
            "J.-P. Serre, Linear representations of finite groups, Graduate Texts in Mathematics, vol. 42, Springer-Verlag, New York-Heidelberg, 1977. MR0450380",
            [["Serre", "J.-P."]],
            "Linear representations of finite groups",
            N,
            "1977",
        ),
        hw(
            "A. Grothendieck, Éléments de géométrie algébrique. IV. Étude locale des schémas et des morphismes de schémas. III, Inst. Hautes Études Sci. Publ. Math. 28 (1966), 255 pp.",
            [["Grothendieck", "A."]],
            "Éléments de géométrie algébrique. IV. Étude locale des schémas et des morphismes de schémas. III",
            "Inst. Hautes Études Sci. Publ. Math.",
            "1966",
            "28",
        ),
        hw(
            "C. May and J. Long, Hecke eigenforms of weight two on Γ0(N), preprint (2021), arXiv:2103.04417.",
            [["May", "C."], ["Long", "J."]],
            "Hecke eigenforms of weight two on Γ0(N)",
            N,
            "2021",
        ),
        hw(
            "R. Hartshorne, Algebraic geometry, Graduate Texts in Mathematics, No. 52, Springer-Verlag, New York-Heidelberg, 1977.",
            [["Hartshorne", "R."]],
            "Algebraic geometry",
            N,
            "1977",
        ),
        hw(
            "N. Katz, Exponential sums over finite fields. Part VIII, Automorphic forms and Shimura varieties (A. Young and K. Nakamura, eds.), Progr. Math., vol. 288, Birkhäuser, Boston, MA, 2010, pp. 141–166.",
            [["Katz", "N."]],
            "Exponential sums over finite fields. Part VIII",
            "Automorphic forms and Shimura varieties",
            "2010",
            fpage="141",
            lpage="166",
        ),
        hw(
            "I. Šimić, Stable bundles on surfaces in positive characteristic, Ph.D. thesis, University of Zagreb, 2015.",
            [["Šimić", "I."]],
            "Stable bundles on surfaces in positive characteristic",
            N,
            "2015",
        ),
    ],
    "cabi": [
        hw(
            "FAO (2018) The State of World Fisheries and Aquaculture 2018. Food and Agriculture Organization of the United Nations, Rome.",
            [["FAO", ""]],
            "The State of World Fisheries and Aquaculture 2018",
            N,
            "2018",
        ),
        hw(
            "Radostits, O.M., Gay, C.C., Hinchcliff, K.W. and Constable, P.D. (2007) Veterinary Medicine: A Textbook of the Diseases of Cattle, Horses, Sheep, Pigs and Goats, 10th edn. Saunders Elsevier, Edinburgh, UK.",
            [["Radostits", "O.M."], ["Gay", "C.C."], ["Hinchcliff", "K.W."], ["Constable", "P.D."]],
            "Veterinary Medicine: A Textbook of the Diseases of Cattle, Horses, Sheep, Pigs and Goats",
            N,
            "2007",
        ),
        hw(
            "Mwangi, W. and Abebe, T. (2014) Smallholder dairy systems in East Africa. In: Smith, R.J. and Bird, S.T. (eds) Livestock and Livelihoods. CAB International, Wallingford, UK, pp. 45–68.",
            [["Mwangi", "W."], ["Abebe", "T."]],
            "Smallholder dairy systems in East Africa",
            "Livestock and Livelihoods",
            "2014",
            fpage="45",
            lpage="68",
        ),
        hw(
            "OIE (2021) Manual of Diagnostic Tests and Vaccines for Terrestrial Animals 2021. Chapter 3.1.8. Foot and mouth disease. World Organisation for Animal Health, Paris. Available at: https://www.oie.int/en/what-we-do/standards/codes-and-manuals/ (accessed 12 May 2022).",
            [["OIE", ""]],
            "Manual of Diagnostic Tests and Vaccines for Terrestrial Animals 2021",
            N,
            "2021",
        ),
        hw(
            "van Dijk, J. (2012) Anthelmintic resistance in sheep nematodes in the Netherlands. PhD thesis, Utrecht University, Utrecht, The Netherlands.",
            [["van Dijk", "J."]],
            "Anthelmintic resistance in sheep nematodes in the Netherlands",
            N,
            "2012",
        ),
        hw(
            "Wise, H., Church, G.M. and Young, A.B. (2019) Heat stress and milk yield in pasture-based herds. Journal of Dairy Science 102 (Suppl. 1), 212 (abstract).",
            [["Wise", "H."], ["Church", "G.M."], ["Young", "A.B."]],
            "Heat stress and milk yield in pasture-based herds",
            "Journal of Dairy Science",
            "2019",
            "102",
            "Suppl. 1",
            "212",
        ),
    ],
    "nurs": [
        hw(
            "American Nurses Association. (2015). Code of ethics for nurses with interpretive statements. Silver Spring, MD: Author.",
            [["American Nurses Association", ""]],
            "Code of ethics for nurses with interpretive statements",
            N,
            "2015",
        ),
        hw(
            "National Council of State Boards of Nursing. (2018). The 2017 national nursing workforce survey. Retrieved from https://www.ncsbn.org/workforce.htm",
            [["National Council of State Boards of Nursing", ""]],
            "The 2017 national nursing workforce survey",
            N,
            "2018",
        ),
        hw(
            "Benner, P. (1984). From novice to expert: Excellence and power in clinical nursing practice. Menlo Park, CA: Addison-Wesley.",
            [["Benner", "P."]],
            "From novice to expert: Excellence and power in clinical nursing practice",
            N,
            "1984",
        ),
        hw(
            "Murphy, A. (2017). Moral distress in paediatric intensive care nurses (Doctoral dissertation). Retrieved from ProQuest Dissertations and Theses database. (UMI No. 10612345)",
            [["Murphy", "A."]],
            "Moral distress in paediatric intensive care nurses",
            N,
            "2017",
        ),
        hw(
            "Love, N., & Best, C. (2016). Debriefing after simulation. In P. Jeffries (Ed.), Simulation in nursing education: From conceptualization to evaluation (2nd ed., pp. 73–89). New York, NY: National League for Nursing.",
            [["Love", "N."], ["Best", "C."]],
            "Debriefing after simulation",
            "Simulation in nursing education: From conceptualization to evaluation",
            "2016",
            fpage="73",
            lpage="89",
        ),
        hw(
            "World Health Organization. (2020). State of the world’s nursing 2020: Investing in education, jobs and leadership. Retrieved from https://www.who.int/publications/i/item/9789240003279",
            [["World Health Organization", ""]],
            "State of the world’s nursing 2020: Investing in education, jobs and leadership",
            N,
            "2020",
        ),
    ],
    "spr": [
        hw(
            "Müller K, Schmidt K, Weber LM. Vitamin-D-Mangel bei Kindern mit Migrationshintergrund [Vitamin D deficiency in children with a migration background]. Monatsschr Kinderheilkd. 2019;167(4):312–8. https://doi.org/10.1007/s00112-018-0612-3 [Google Scholar]",
            [["Müller", "K"], ["Schmidt", "K"], ["Weber", "LM"]],
            "Vitamin-D-Mangel bei Kindern mit Migrationshintergrund [Vitamin D deficiency in children with a migration background]",
            "Monatsschr Kinderheilkd",
            "2019",
            "167",
            "4",
            "312",
            "318",
            "10.1007/s00112-018-0612-3",
        ),
        hw(
            "American Diabetes Association. Standards of medical care in diabetes—2010. Diabetes Care. 2010;33 Suppl 1:S11–61. https://doi.org/10.2337/dc10-S011 [PMC free article] [PubMed] [Google Scholar]",
            [["American Diabetes Association", ""]],
            "Standards of medical care in diabetes—2010",
            "Diabetes Care",
            "2010",
            "33",
            "Suppl 1",
            "S11",
            "S61",
            "10.2337/dc10-S011",
        ),
        hw(
            "Kanis JA, on behalf of the World Health Organization Scientific Group. Assessment of osteoporosis at the primary health-care level. Technical report. Sheffield: WHO Collaborating Centre, University of Sheffield; 2007. [Google Scholar]",
            [["Kanis", "JA"]],
            "Assessment of osteoporosis at the primary health-care level",
            N,
            "2007",
        ),
        hw(
            "Santos C, Oliveira B, Costa I, et al. Sarcopenia and 1-year mortality after hip fracture. Osteoporos Int. 2021. https://doi.org/10.1007/s00198-021-05988-1. Epub ahead of print. [PubMed] [Google Scholar]",
            [["Santos", "C"], ["Oliveira", "B"], ["Costa", "I"]],
            "Sarcopenia and 1-year mortality after hip fracture",
            "Osteoporos Int",
            "2021",
            doi="10.1007/s00198-021-05988-1",
        ),
        hw(
            "Fayers PM, Machin D. Quality of life: the assessment, analysis and reporting of patient-reported outcomes. 3rd ed. Chichester: Wiley-Blackwell; 2016. [Google Scholar]",
            [["Fayers", "PM"], ["Machin", "D"]],
            "Quality of life: the assessment, analysis and reporting of patient-reported outcomes",
            N,
            "2016",
        ),
        hw(
            "Young AB, De Geest S. Fatigue in survivors of childhood cancer. BMJ. 2009;339:b2803. https://doi.org/10.1136/bmj.b2803 [PMC free article] [PubMed] [Google Scholar]",
            [["Young", "AB"], ["De Geest", "S"]],
            "Fatigue in survivors of childhood cancer",
            "BMJ",
            "2009",
            "339",
            N,
            "b2803",
            N,
            "10.1136/bmj.b2803",
        ),
    ],
    "oxtf": [
        hw(
            "Krugman, P. (1991) Geography and Trade. Cambridge, MA: MIT Press.",
            [["Krugman", "P."]],
            "Geography and Trade",
            N,
            "1991",
        ),
        hw(
            "Storper, M., Venables, A. J. (2004) ‘Buzz: face-to-face contact and the urban economy’, Journal of Economic Geography, 4: 351–370.",
            [["Storper", "M."], ["Venables", "A. J."]],
            "Buzz: face-to-face contact and the urban economy",
            "Journal of Economic Geography",
            "2004",
            "4",
            N,
            "351",
            "370",
        ),
        hw(
            "UNHCR. 2021. Global Trends: Forced Displacement in 2020. Geneva: UNHCR.",
            [["UNHCR", ""]],
            "Global Trends: Forced Displacement in 2020",
            N,
            "2021",
        ),
        hw(
            "Haddad, R., and S. Karimi. 2019. “Waiting in Place: Temporality and Refugee Livelihoods in Beirut.” In Routledge Handbook of Refugee Studies, edited by N. Levy, 142–158. London: Routledge.",
            [["Haddad", "R."], ["Karimi", "S."]],
            "Waiting in Place: Temporality and Refugee Livelihoods in Beirut",
            "Routledge Handbook of Refugee Studies",
            "2019",
            fpage="142",
            lpage="158",
        ),
        hw(
            "Department for Education. 2020. Widening Participation in Higher Education, England, 2018/19 Age Cohort. London: DfE. https://www.gov.uk/government/statistics/widening-participation-in-higher-education-2020.",
            [["Department for Education", ""]],
            "Widening Participation in Higher Education, England, 2018/19 Age Cohort",
            N,
            "2020",
        ),
    ],
}


# ---- the pages --------------------------------------------------------------------------

FILES: list[dict[str, Any]] = [
    {
        "name": "agu_fault_slip",
        "field": "geo",
        "dept": "Department of Earth Sciences",
        "styles": [agu],
        "n": 20,
        "nauth": (1, 6),
        "title": "Interseismic coupling and slow slip along the Hikurangi subduction margin from two decades of GNSS",
        "journal": "J Geophys Res Solid Earth",
        "doi": "10.1029/2022JB024517",
        "artno": 0.3,
        "keywords": "GNSS; slow slip; subduction; interseismic coupling",
    },
    {
        "name": "copernicus_aerosol",
        "field": "cop",
        "dept": "Institute for Atmospheric and Earth System Research",
        "styles": [copernicus],
        "n": 19,
        "nauth": (1, 8),
        "title": "Seasonal cycle of new particle formation at a boreal forest station: a twelve-year record",
        "journal": "Atmos Chem Phys",
        "doi": "10.5194/acp-22-10431-2022",
    },
    {
        "name": "aea_minimum_wage",
        "field": "econ",
        "dept": "Department of Economics",
        "styles": [aea],
        "n": 18,
        "nauth": (1, 4),
        "title": "Minimum wages, informal work, and household consumption: evidence from Brazilian states",
        "journal": "Am Econ J Appl Econ",
        "doi": "10.1257/app.20200412",
    },
    {
        "name": "elsevier_carbon_finance",
        "field": "els_econ",
        "dept": "Department of Finance",
        "styles": [elsevier_ay],
        "n": 19,
        "nauth": (1, 4),
        "title": "Carbon pricing announcements and corporate bond spreads in the euro area",
        "journal": "J Financ Econ",
        "doi": "10.1016/j.jfineco.2023.02.011",
    },
    {
        "name": "chicago_eviction",
        "field": "soc",
        "dept": "Department of Sociology",
        "styles": [chicago_ad],
        "n": 18,
        "nauth": (1, 4),
        "title": "Eviction, residential instability, and adolescent health in US metropolitan areas",
        "journal": "Soc Sci Med",
        "doi": "10.1016/j.socscimed.2022.115321",
        "doiprob": 0.5,
    },
    {
        "name": "sage_youth_justice",
        "field": "sage",
        "dept": "School of Law and Criminology",
        "styles": [sage],
        "n": 17,
        "nauth": (1, 3),
        "title": "Diversion, discretion and the remaking of youth justice in English local authorities",
        "journal": "Punishm Soc",
        "doi": "10.1177/14624745211034567",
    },
    {
        "name": "humanities_print_culture",
        "field": "hum",
        "dept": "Department of English",
        "styles": [mla, chicago_nb],
        "n": 16,
        "nauth": (1, 3),
        "title": "Reading publics and the serial form: print culture and gendered authorship, 1840-1880",
        "journal": "Vic Stud",
        "doi": None,
        "doiprob": 0.3,
    },
    {
        "name": "ieee_grid_inverters",
        "field": "ieee",
        "dept": "Department of Electrical Engineering",
        "styles": [ieee],
        "n": 20,
        "nauth": (1, 8),
        "title": "Grid-forming inverter control under high renewable penetration: a model predictive approach",
        "journal": "IEEE Trans Power Syst",
        "doi": "10.1109/TPWRS.2021.3098765",
        "conf": 0.4,
        "doiprob": 0.6,
    },
    {
        "name": "acm_code_review",
        "field": "acm",
        "dept": "School of Computer Science",
        "styles": [acm],
        "n": 18,
        "nauth": (1, 5),
        "title": "Accessibility feedback in code review: a mixed-methods study of open-source projects",
        "journal": "Proc ACM Hum Comput Interact",
        "doi": "10.1145/3555123",
        "conf": 0.5,
    },
    {
        "name": "rsc_mof_batteries",
        "field": "rsc",
        "dept": "Department of Chemistry",
        "styles": [rsc],
        "n": 22,
        "nauth": (1, 7),
        "title": "Metal-organic framework derived cathodes for aqueous zinc-ion batteries",
        "journal": "Chem Sci",
        "doi": "10.1039/d1sc04567a",
        "artno": 0.3,
    },
    {
        "name": "ams_hecke",
        "field": "ams",
        "dept": "Department of Mathematics",
        "styles": [ams],
        "n": 17,
        "nauth": (1, 3),
        "title": "Congruences between Hecke eigenforms and the cohomology of arithmetic groups",
        "journal": "Trans Am Math Soc",
        "doi": "10.1090/tran/8123",
        "issueprob": 0.5,
    },
    {
        "name": "cabi_dairy_heat",
        "field": "cabi",
        "dept": "Faculty of Veterinary Medicine",
        "styles": [cabi],
        "n": 17,
        "nauth": (1, 5),
        "title": "Heat stress, subclinical mastitis and milk yield in smallholder dairy herds of northern Tanzania",
        "journal": "Trop Anim Health Prod",
        "doi": "10.1007/s11250-022-03145-9",
        "doiprob": 0.5,
    },
    {
        "name": "apa6_missed_care",
        "field": "nurs",
        "dept": "School of Nursing",
        "styles": [apa6],
        "n": 18,
        "nauth": (1, 9),
        "title": "Missed nursing care and nurse staffing in rural hospitals: a cross-sectional survey",
        "journal": "J Adv Nurs",
        "doi": "10.1111/jan.15123",
        "doiprob": 0.7,
    },
    {
        "name": "springer_pmc_sarcopenia",
        "field": "spr",
        "dept": "Department of Orthopaedics",
        "styles": [springer_vanc],
        "n": 18,
        "nauth": (1, 9),
        "title": "Sarcopenia and functional recovery after hip fracture surgery: a prospective cohort",
        "journal": "Osteoporos Int",
        "doi": "10.1007/s00198-022-06321-8",
        "pmc": True,
    },
    {
        "name": "oxford_tf_refugees",
        "field": "oxtf",
        "dept": "Department of International Development",
        "styles": [oxford, tandf],
        "n": 18,
        "nauth": (1, 4),
        "title": "Refugee livelihoods and local labour markets: evidence from Jordan and Lebanon",
        "journal": "J Refug Stud",
        "doi": "10.1093/jrs/feac012",
    },
]

TRAILERS = [
    [
        "Publication types",
        "Research Support, Non-U.S. Gov't",
        "MeSH terms",
        "LinkOut - more resources",
        "Full Text Sources",
        "Other Literature Sources",
    ],
    [
        "Publication types",
        "MeSH terms",
        "Grants and funding",
        "LinkOut - more resources",
        "Full Text Sources",
    ],
    ["Comment in", "Publication types", "MeSH terms", "Substances", "LinkOut - more resources"],
]


def refs_for(spec: dict[str, Any], used: set[str]) -> list[dict[str, Any]]:
    out = []
    styles = spec["styles"]
    for i in range(spec["n"]):
        art = article(spec["field"], used, spec["nauth"])
        if R.random() > spec.get("doiprob", 1.0):
            art["doi"] = None
        if spec.get("issueprob") and R.random() > spec["issueprob"]:
            art["issue"] = None
        if spec.get("conf") and R.random() < spec["conf"]:
            art["conf"] = R.choice(FIELDS[spec["field"]]["confs"])
            if not art.get("doi") and spec["field"] == "acm":
                art["doi"] = d_acm()(art["year"], None, None)
        if spec.get("artno") and R.random() < spec["artno"]:
            if spec["field"] == "geo":
                art["full"], art["year"] = "Geophysical Research Letters", max(art["year"], 2013)
                art["vol"] = vol_for(art["year"], 27, 2000)
                art["artno"] = f"e{art['year']}GL0{R.randint(10000, 99999)}"
                art["doi"] = f"10.1029/{art['artno'][1:]}"
            else:
                art["abbr"], art["year"] = "Nat. Commun.", max(art["year"], 2010)
                art["vol"] = vol_for(art["year"], 1, 2010)
                art["fp"], art["artno"] = str(R.randint(100, 9999)), True
        style = styles[0] if len(styles) == 1 else styles[i * len(styles) // spec["n"]]
        out.append(style(art)[1])
    specials = SPECIAL[spec["key"]]
    for s in specials:
        out.insert(R.randint(0, len(out)), s)
    return out


def labels(ref: dict[str, Any], pmc: bool) -> str:
    if ref["doi"]:
        opts = [" - DOI - PubMed", " - DOI", " - DOI - PMC - PubMed", " - DOI - PubMed"]
    else:
        opts = ["", " - PubMed", "", " - Free PMC article"] if not pmc else [" - PubMed", ""]
    return R.choice(opts)


def page(spec: dict[str, Any], refs: list[dict[str, Any]], pmid: int) -> str:
    auth = people(R.randint(3, 6))
    lines = [
        spec["title"],
        f"{spec['journal']}. {R.randint(2021, 2023)};"
        f"{R.randint(10, 130)}({R.randint(1, 12)}):{R.randint(100, 900)}. "
        + (f"doi: {spec['doi']}." if spec["doi"] else ""),
        ", ".join(f"{g} {f} {k + 1}" for k, (f, g) in enumerate(auth)),
        "Affiliations",
    ]
    for k in range(len(auth)):
        lines.append(
            f"{k + 1} {spec['dept']}, "
            f"{R.choice(['University of Leeds', 'ETH Zurich', 'University of Toronto', 'Kyoto University', 'University of Cape Town', 'Universidade de São Paulo'])}."
        )
    lines += [f"- PMID: {pmid}"]
    if spec["doi"]:
        lines.append(f"- DOI: {spec['doi']}")
    lines += [
        spec["title"],
        "Abstract",
        f"We study {spec['title'][0].lower() + spec['title'][1:]}. Data, methods and "
        "results are described in the full text; the findings are robust to several "
        "alternative specifications and sensitivity analyses.",
        f"Keywords: {spec.get('keywords', 'reference list; benchmark')}.",
        "Copyright © 2022 The Authors.",
        "Figures",
        "",
        "References",
    ]
    for ref in refs:
        lines += ["-", f"- {ref['text']}{labels(ref, spec.get('pmc', False))}"]
    lines += R.choice(TRAILERS)
    return "\n".join(lines) + "\n"


def main() -> None:
    expected: dict[str, list[dict[str, Any]]] = {}
    used: set[str] = set()
    for k, spec in enumerate(FILES):
        spec["key"] = {
            "geo": "agu",
            "cop": "cop",
            "econ": "aea",
            "els_econ": "els_econ",
            "soc": "soc",
            "sage": "sage",
            "hum": "hum",
            "ieee": "ieee",
            "acm": "acm",
            "rsc": "rsc",
            "ams": "ams",
            "cabi": "cabi",
            "nurs": "nurs",
            "spr": "spr",
            "oxtf": "oxtf",
        }[spec["field"]]
        refs = refs_for(spec, used)
        name = f"{spec['name']}.txt"
        (HERE / name).write_text(page(spec, refs, 36100000 + 7919 * (k + 1)), encoding="utf-8")
        expected[name] = refs
    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(sum(len(v) for v in expected.values()), "references in", len(expected), "files")


if __name__ == "__main__":
    main()
