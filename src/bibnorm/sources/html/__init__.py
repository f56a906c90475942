"""Saved HTML pages: PubMed and PMC article pages, and the meta tags of any publisher page.

The `pubmed-html`, `pmc-html` and `html-meta` (`citation_meta`) adapters, over the page
reading of `html_page` and the related lists of `html_related`.
"""
