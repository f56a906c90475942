"""Page text: PubMed, PMC, Europe PMC and search-result pages selected and copied as text.

One line classifier, one builder, several readers:

- `line_shapes` names the shape of any page line (`classify`: site chrome, logo line,
  citation line, doi / epub line, ID line, `et al.` line, author line with markers,
  heading, keywords, list item, run-on search result, prose) with the grammars of
  `line_grammars` (chrome, ID lines, affiliations, citation lines, PubMed's list items)
  and the one author-line grammar of `author_lines` (`read_authors`, with
  `split_author_line` and `parse_nlm_authors` as the template readers' adapters); every
  reader asks them, by `classify` or by name, and reports each chrome line as
  `<code>.chrome`.
- `builder.PageBuilder` keeps what a reader took: claimed lines, fields with their
  lines, diagnostics under the reader's code.
- `page_copy` (`page-copy`) reads any copied article page from the shapes of its lines,
  whatever the template's order: `unwrap` first undoes e-mail quoting and hard wrapping,
  then `page_title` reads the citation block and the title, `page_authors` the authors,
  affiliations and article notes, `page_body` the abstract, keywords, term sections and
  statements, `page_lists` the lists of other articles (references, similar, cited by,
  links). Detection gives it every copy of one article's page that shows site chrome or
  a logo line, and any text that shows one record's line.
- `pubmed_text` (`pubmed-text`) reads PubMed's dump layout and, by `--from`, browser
  copies of an abstract page (`pubmed_text_copy`); both read the page body through
  `pubmed_page`.
- `pmc_text` (`pmc-text`) reads PMC's article template without site chrome;
  `pubmed_search_text` (`pubmed-search-text`) reads a copied result list, one record per
  result.
"""
