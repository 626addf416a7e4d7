"""The annotation core of the annotated edition: an installable package that imports no site engine.

The data path, one module a step:

    frontmatter (strict YAML)  ->  schema (pydantic models: the single source of truth, kinds and verdicts)
    ->  load (every file read and checked, quotes anchored; validate: the rules across fields and files)
    ->  views (what templates show: numbered notes, timeline, sources)  ->  render (the one Jinja2
    environment, note text through the nh3 allow-list)  ->  site (what each page gets, which files a build
    writes, what URLs are)  ->  exports, csp

Adapters translate an engine's events into `site.Site` calls and decide nothing: `adapters/mkdocs.py` (the
`edition` plugin for MkDocs and ProperDocs) and `adapters/zensical.py` (a Markdown extension, for engines
without plugins). `cli.py` is the contributor command and the post-build step.
"""
