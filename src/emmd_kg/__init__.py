"""The EMMD Knowledge Graph engine: sources → artefact → store → HTTP and CLI."""
