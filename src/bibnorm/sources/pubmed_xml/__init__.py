"""PubMed XML (efetch answers, baseline and update files): the `pubmed-xml` adapter.

Its field readers (`pubmed_xml_fields`), related articles (`pubmed_xml_related`) and
what no rule took (`pubmed_xml_extra`) sit beside it.
"""
