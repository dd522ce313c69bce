"""The Jupyter Book layer: site pages, the Sphinx extension, the in-page player, the PDF.

``python -m casebook.site build`` builds the site (see :mod:`casebook.site.build`).
"""
