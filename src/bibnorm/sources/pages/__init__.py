"""Page-text readers: copies of PubMed, PMC and Europe PMC pages, and their line shapes."""
