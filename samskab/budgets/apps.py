from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "samskab.budgets"
    label = "budgets"

    def ready(self) -> None:
        from samskab.budgets import seal

        seal.connect()
