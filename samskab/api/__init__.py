"""The site's JSON API (``site.api``), mounted at /api/v1/ by ``samskab/urls.py``."""

from samskab.api.site import api

__all__ = ["api"]
