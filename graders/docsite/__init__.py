"""The lesson site: MkDocs hooks and the build-time parts of the lessons.

``mkdocs.yml`` loads :mod:`graders.docsite.hooks`, which reads ``course.toml`` and

* builds the navigation in course order,
* puts each exercise's card, task (signatures and docstrings parsed from the
  stub ``exercises/<id>.py``), hints (from course.toml) and common mistakes
  (from ``graders/mistakes/<id>.py``) into its lesson (:mod:`.lesson`),
* runs the worked examples marked ``<!-- gradwork:run ID -->`` against the
  reference solution and shows their real output (:mod:`.lesson`),
* draws the figures the pages use with matplotlib (:mod:`.figures`).

KaTeX is vendored from npm into ``docs/assets/vendor/katex`` by
:mod:`.vendor_katex`; nothing is fetched at build or view time.
"""
