from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samskab.core"
    label = "core"
    verbose_name = "samskab"

    def ready(self) -> None:
        from samskab.core import checks  # noqa: F401 - registers the system checks
