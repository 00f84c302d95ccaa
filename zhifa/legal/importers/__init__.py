"""Importers of the legal app's reference data (discretion tables, …).

Pure parsing lives in small modules (`numerals`, `standard_text`, `citations`, `discretion_xls`) that
never touch the database; `discretion_loader` writes what they produce in one transaction.
"""
