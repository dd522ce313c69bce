"""The engine: the case format, loading and validation, scoring, display order, answer store, audits.

Imports nothing from the layers above (text excepted) and no widget, plotting or notebook library.
"""
