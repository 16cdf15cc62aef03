# Lets the peer tool rundoc (eclecticiq/rundoc, with eclecticiq/markdown-rundoc) run on Debian 12's
# python3-markdown 3.4 for the bench's comparison. rundoc pins Markdown < 3, which PyPI would
# provide but these machines cannot reach; Markdown 3 removed four Markdown 2 APIs its extension
# calls. This file restores just those four, on top of Debian's package; rundoc's own code is
# untouched (and not in this repository: see README.md here).
import inspect

import markdown.core
import markdown.preprocessors
import markdown.util
from markdown.extensions import Extension


def _add(self, key, value, location):
    # Markdown 2's Registry.add(key, value, '>normalize_whitespace'): normalize_whitespace has priority 30.
    self.register(value, key, 29)


markdown.util.Registry.add = _add

_register_extensions = markdown.core.Markdown.registerExtensions


def _register(self, extensions, configs):
    # Markdown 2 called extendMarkdown(md, md_globals); Markdown 3 passes md only.
    for ext in extensions:
        if isinstance(ext, Extension) and len(inspect.signature(ext.extendMarkdown).parameters) == 2:
            ext.extendMarkdown = (lambda f: lambda md: f(md, {}))(ext.extendMarkdown)
    return _register_extensions(self, extensions, configs)


markdown.core.Markdown.registerExtensions = _register
# Markdown 2's processors had .markdown; Markdown 3's have .md.
markdown.preprocessors.Preprocessor.markdown = property(lambda self: self.md)
# Markdown 2's HtmlStash.store(html, safe=...); Markdown 3 has no `safe`.
_store = markdown.util.HtmlStash.store
markdown.util.HtmlStash.store = lambda self, html, safe=False: _store(self, html)
