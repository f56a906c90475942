"""Page text: PubMed, PMC, Europe PMC and search-result pages selected and copied as text.

The `pubmed-text` adapter (`pubmed_text`: the dump layout; `pubmed_text_copy`: a
browser copy; both read the page body through `pubmed_page`), `pubmed-search-text` and
`pmc-text`, over the line shapes of `pubmed_text_lines`; and `page-copy`
(`page_copy`), which reads any copied article page from the shapes `line_shapes`
classifies.
"""
