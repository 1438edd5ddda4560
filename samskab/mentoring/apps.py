from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "samskab.mentoring"
    label = "mentoring"

    def ready(self) -> None:
        from samskab.accounts.signals import consent_withdrawn
        from samskab.mentoring.receivers import stop_on_withdrawn_consent

        consent_withdrawn.connect(stop_on_withdrawn_consent, dispatch_uid="mentoring-withdrawal")
