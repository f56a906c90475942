"""JATS / NLM article XML (PMC .nxml, efetch pmc-articleset): the `jats` adapter.

Its element readers (`jats_xml`), article front matter (`jats_meta`) and reference
lists (`jats_refs`) sit beside it.
"""
