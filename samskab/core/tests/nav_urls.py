"""A site where the budgets module has an index page, to show its menu link appearing."""

from __future__ import annotations

from django.urls import include, path

from samskab.core import views
from samskab.urls import urlpatterns

budget_patterns = ([path("", views.home, name="index")], "budgets")

urlpatterns = [path("borgerbudget-test/", include(budget_patterns)), *urlpatterns]
