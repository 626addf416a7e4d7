"""The annotation core of the annotated edition.

A plain package that does not need MkDocs. The data path, one module a step:

    load (strict YAML front matter)  ->  schema (pydantic models, the single source of truth)
    ->  validate (cross-file rules)  ->  anchor (quotes in the rendered article text)
    ->  render (view models and Jinja2 snippets from overrides/)

`pipeline.py` ties the steps together for any site engine; `mkdocs_hooks.py` (one folder up) is the thin
MkDocs glue and `cli.py` the contributor command.
"""
