"""The steps between the parsed sources and the artefact: reason, validate (with its
scope), and compute the JSON-LD context and the dataset description.

:mod:`emmd_kg.pipeline` runs them in order; nothing here reads or writes the artefact.
"""
