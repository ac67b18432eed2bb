"""The site around the data: the home page and its pictures, health, context, shapes,
robots and ``/openapi.json``."""
