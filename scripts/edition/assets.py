"""The edition's stylesheets and script as a site serves them: minified.

The engine copies overrides/assets/edition/ into the site as they are, comments and indentation included
(they are written to be read); the build then writes each again minified, as Material ships its own. That is
40 % of what the layer adds to a page's CSS and JavaScript, gzip-compressed (benchmarks/RESULTS.md).
rcssmin and rjsmin only drop comments and white space: names, strings and template literals stay as written.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = "assets/edition"  # within overrides/ and within the built site


def minified(overrides: Path) -> dict[str, str]:
    """Site path -> minified text of each stylesheet and script of the edition's assets."""
    import rcssmin  # only when a build writes its files: the contributor command needs neither
    import rjsmin

    minify = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}
    folder = overrides / FOLDER
    return {
        f"{FOLDER}/{path.name}": minify[path.suffix](path.read_text(encoding="utf-8")) + "\n"
        for path in sorted(folder.glob("*")) if path.suffix in minify and path.is_file()
    }
