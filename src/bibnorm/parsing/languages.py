"""Language codes: PubMed's ISO 639-2 bibliographic codes, and the others sources write.

MEDLINE and PubMed XML name a language `eng`, `ger`, `fre` (ISO 639-2/B); JATS and HTML
pages write `en`, `de` (ISO 639-1, BCP 47), some exports the terminology codes `deu`,
`fra` (ISO 639-2/T), and other databases' MEDLINE-tagged exports (ERIC, Ovid) the
English name (`English`, `French`). Records keep PubMed's form, so one article gives one
value whatever its source; CSL output turns it into BCP 47.
"""

from __future__ import annotations

# ISO 639-2/B code -> ISO 639-1 code, for the languages PubMed indexes.
TWO_LETTER_CODES: dict[str, str] = {
    "afr": "af", "alb": "sq", "ara": "ar", "arm": "hy", "bul": "bg", "cat": "ca",
    "chi": "zh", "cze": "cs", "dan": "da", "dut": "nl", "eng": "en", "epo": "eo",
    "est": "et", "fin": "fi", "fre": "fr", "geo": "ka", "ger": "de", "gre": "el",
    "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu", "ice": "is", "ind": "id",
    "ita": "it", "jpn": "ja", "kor": "ko", "lat": "la", "lav": "lv", "lit": "lt",
    "mac": "mk", "mal": "ml", "may": "ms", "nor": "no", "per": "fa", "pol": "pl",
    "por": "pt", "rum": "ro", "rus": "ru", "slo": "sk", "slv": "sl", "spa": "es",
    "srp": "sr", "swe": "sv", "tha": "th", "tur": "tr", "ukr": "uk", "urd": "ur",
    "vie": "vi", "wel": "cy",
}  # fmt: skip
# ISO 639-2/T codes (which some exports use) -> the /B codes PubMed uses.
_TERMINOLOGY_CODES: dict[str, str] = {
    "ces": "cze", "deu": "ger", "ell": "gre", "fas": "per", "fra": "fre", "hye": "arm",
    "isl": "ice", "kat": "geo", "mkd": "mac", "msa": "may", "nld": "dut", "ron": "rum",
    "slk": "slo", "sqi": "alb", "zho": "chi", "cym": "wel",
}  # fmt: skip
# English names (lower case) -> ISO 639-2/B codes, for the languages above and a few that
# ERIC, Ovid and EBSCOhost records name.
LANGUAGE_NAMES: dict[str, str] = {
    "afrikaans": "afr", "albanian": "alb", "arabic": "ara", "armenian": "arm",
    "bulgarian": "bul", "catalan": "cat", "chinese": "chi", "croatian": "hrv",
    "czech": "cze", "danish": "dan", "dutch": "dut", "english": "eng",
    "esperanto": "epo", "estonian": "est", "finnish": "fin", "french": "fre",
    "georgian": "geo", "german": "ger", "greek": "gre", "greek, modern": "gre",
    "hebrew": "heb", "hindi": "hin", "hungarian": "hun", "icelandic": "ice",
    "indonesian": "ind", "italian": "ita", "japanese": "jpn", "korean": "kor",
    "latin": "lat", "latvian": "lav", "lithuanian": "lit", "macedonian": "mac",
    "malay": "may", "malayalam": "mal", "norwegian": "nor", "persian": "per",
    "polish": "pol", "portuguese": "por", "romanian": "rum", "russian": "rus",
    "serbian": "srp", "slovak": "slo", "slovenian": "slv", "spanish": "spa",
    "swedish": "swe", "thai": "tha", "turkish": "tur", "ukrainian": "ukr",
    "urdu": "urd", "vietnamese": "vie", "welsh": "wel",
}  # fmt: skip
_FROM_TWO_LETTER = {two: code for code, two in TWO_LETTER_CODES.items()}
# The terminology codes keep their ISO 639-1 code too, for CSL.
TWO_LETTER_CODES.update({t: TWO_LETTER_CODES[b] for t, b in _TERMINOLOGY_CODES.items()})


def pubmed_language(code: str) -> str:
    """`en`, `en-GB`, `EN`, `deu`, `ger` or `English` -> `eng` / `ger`; a code (or name)
    it does not know is returned as written (trimmed)."""
    written = code.strip()
    if (named := LANGUAGE_NAMES.get(written.lower())) is not None:
        return named
    base = written.lower().replace("_", "-").split("-")[0]
    if base in _TERMINOLOGY_CODES:
        return _TERMINOLOGY_CODES[base]
    if base in _FROM_TWO_LETTER:
        return _FROM_TWO_LETTER[base]
    if base in TWO_LETTER_CODES and base == written.lower():
        return base
    return written
