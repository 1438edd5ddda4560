from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "samskab.budgets"
    label = "budgets"
