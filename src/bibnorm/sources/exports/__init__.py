"""What PubMed's "Save" menu writes: CSV, Summary (text), Abstract (text) and PMID lists.

The `pubmed-csv`, `pubmed-summary`, `pubmed-abstract` and `pmid-list` adapters, over the
pieces all these exports print (`pubmed_export`).
"""
