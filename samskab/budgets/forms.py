"""Forms for the borgerbudget pages. Every input has a label; errors are Danish first."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskab.accounts.models import Membership, Organisation, Role, User
from samskab.accounts.permissions import is_staff_admin
from samskab.budgets.actions.voting import AssistedBy
from samskab.budgets.delivery_forms import MAX_PHOTO_BYTES, PHOTO_FORMATS
from samskab.budgets.models import (
    LOCKED_FIELDS,
    PROPOSAL_FIELDS,
    Assistance,
    BallotForm,
    BudgetProcess,
    Meeting,
    PhaseKind,
    Proposal,
)
from samskab.core.forms import BoundedModelMultipleChoiceField, DateInput, DateTimeLocalInput
from samskab.core.uploads import check_image_pixels

DATETIME_WIDGET = DateTimeLocalInput()
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

# The fields the lock freezes: shown until the lock, then gone from the form.
CONFIG_FIELDS = list(LOCKED_FIELDS)


def managed_organisations(user: User) -> QuerySet[Organisation]:
    if is_staff_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=[Role.COORDINATOR, Role.ADMINISTRATOR]
    ).distinct()


class ProcessForm(forms.ModelForm[BudgetProcess]):
    class Meta:
        model = BudgetProcess
        fields = [
            "title",
            "slug",
            "theme",
            "description",
            "area",
            "proposal_categories",
            "proposal_areas",
            "organisation",
            *CONFIG_FIELDS,
            "code_info",
            "delivery_deadline",
        ]
        widgets = {"delivery_deadline": DateInput()}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = managed_organisations(user)
        if self.instance.pk:
            # The short name is in every link; it does not change after creation.
            del self.fields["slug"]
            del self.fields["organisation"]
            if self.instance.is_locked:
                for name in CONFIG_FIELDS:
                    del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_choices"), data.get("max_choices")
        if low is not None and high is not None and high < low:
            self.add_error("max_choices", _("Højst må ikke være mindre end mindst."))
        codes = data.get("postal_codes") or ""
        bad = [
            c
            for c in (x.strip() for x in codes.split(","))
            if c and not (len(c) == 4 and c.isdigit())
        ]
        if bad:
            self.add_error("postal_codes", _("Postnumre skal være fire cifre, adskilt af komma."))
        return data


class PhasesForm(forms.Form):
    """Start and end for each phase of the timeline; leave both empty to skip a phase."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in PhaseKind.choices:
            self.fields[f"{kind}_starts_at"] = forms.DateTimeField(
                label=_("%(phase)s: starter") % {"phase": label},
                required=False,
                widget=DATETIME_WIDGET,
                input_formats=DATETIME_FORMATS,
            )
            self.fields[f"{kind}_ends_at"] = forms.DateTimeField(
                label=_("%(phase)s: slutter") % {"phase": label},
                required=False,
                widget=DATETIME_WIDGET,
                input_formats=DATETIME_FORMATS,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind, _label in PhaseKind.choices:
            start, end = data.get(f"{kind}_starts_at"), data.get(f"{kind}_ends_at")
            if (start is None) != (end is None):
                self.add_error(
                    f"{kind}_ends_at", _("Udfyld både start og slut, eller ingen af dem.")
                )
            elif start is not None and end is not None and end <= start:
                self.add_error(f"{kind}_ends_at", _("Fasen skal slutte efter, den starter."))
        return data


class OpenVotingForm(forms.Form):
    """When a vote opened now by the coordinator's button ends."""

    ends_at = forms.DateTimeField(
        label=_("Afstemningen slutter"),
        help_text=_("Borgerne kan stemme fra nu til dette tidspunkt. Du kan lukke den før."),
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
    )


MAX_IMAGE_BYTES = MAX_PHOTO_BYTES
IMAGE_FORMATS = PHOTO_FORMATS


class ProposalForm(forms.ModelForm[Proposal]):
    class Meta:
        model = Proposal
        fields = list(PROPOSAL_FIELDS)
        help_texts = {"group_name": _("Udfyld, hvis I er en gruppe eller forening.")}

    def __init__(self, *args: Any, process: BudgetProcess | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if process is None:
            return
        # Where the process lists its categories and areas, the proposer picks one of them.
        for name, values in (("category", process.category_list), ("area", process.area_list)):
            if not values:
                continue
            current = getattr(self.instance, name, "")
            if current and current not in values:
                values = [*values, current]  # an older proposal keeps its own value
            field = self.fields[name]
            self.fields[name] = forms.ChoiceField(
                label=field.label,
                required=False,
                choices=[("", _("Vælg")), *((value, value) for value in values)],
            )

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if not image or not hasattr(image, "image"):
            return image  # nothing new uploaded (cleared, or the stored image kept)
        if image.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("Billedet er for stort: højst 5 MB."))
        # ImageField has opened it with Pillow; the format is what the bytes are, not the name.
        if getattr(image.image, "format", None) not in IMAGE_FORMATS:
            raise forms.ValidationError(_("Billedet skal være JPEG, PNG eller WebP."))
        check_image_pixels(image)
        return image

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("image") and not data.get("image_description"):
            self.add_error("image_description", _("Beskriv billedet for dem, der ikke kan se det."))
        return data


class FeasibilityForm(forms.Form):
    feasible = forms.TypedChoiceField(
        label=_("Kan forslaget gennemføres?"),
        choices=[("yes", _("Ja")), ("no", _("Nej"))],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
    )
    public_reason = forms.CharField(label=_("Begrundelse (offentlig)"), widget=forms.Textarea)
    final_cost = forms.IntegerField(
        label=_("Endelig pris (kr)"), min_value=0, required=False, max_value=10**12
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("feasible") and data.get("final_cost") is None:
            self.add_error("final_cost", _("Et gennemførligt forslag skal have en endelig pris."))
        return data


class MeetingForm(forms.ModelForm[Meeting]):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "place",
            "agenda",
            "capacity",
            "minutes",
            "proposals_presented",
            "officials",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "proposals_presented": forms.CheckboxSelectMultiple,
            "officials": forms.CheckboxSelectMultiple,
        }
        labels = {"officials": _("Mødeansvarlige (tjekker ind og indtaster papirstemmer)")}
        field_classes = {
            "proposals_presented": BoundedModelMultipleChoiceField,
            "officials": BoundedModelMultipleChoiceField,
        }

    def __init__(self, *args: Any, process: BudgetProcess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        starts_at = self.fields["starts_at"]
        assert isinstance(starts_at, forms.DateTimeField)
        starts_at.input_formats = DATETIME_FORMATS
        presented = self.fields["proposals_presented"]
        officials = self.fields["officials"]
        assert isinstance(presented, forms.ModelMultipleChoiceField)
        assert isinstance(officials, forms.ModelMultipleChoiceField)
        presented.queryset = Proposal.objects.filter(process=process)
        member_ids = Membership.objects.values_list("user_id", flat=True)
        officials.queryset = User.objects.filter(pk__in=member_ids, is_active=True).order_by(
            "full_name"
        )


class VotingPointForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    place = forms.CharField(label=_("Adresse"), max_length=300)
    officials = BoundedModelMultipleChoiceField(
        label=_("Mødeansvarlige (indtaster papirstemmer)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opening_starts_at = forms.DateTimeField(
        label=_("Åbner"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS, required=False
    )
    opening_ends_at = forms.DateTimeField(
        label=_("Lukker"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS, required=False
    )

    def __init__(self, *args: Any, require_opening: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officials = self.fields["officials"]
        assert isinstance(officials, forms.ModelMultipleChoiceField)
        member_ids = Membership.objects.values_list("user_id", flat=True)
        officials.queryset = User.objects.filter(pk__in=member_ids, is_active=True).order_by(
            "full_name"
        )
        self.fields["opening_starts_at"].required = require_opening
        self.fields["opening_ends_at"].required = require_opening

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("opening_starts_at"), data.get("opening_ends_at")
        if bool(starts) != bool(ends):
            raise forms.ValidationError(_("Udfyld både hvornår stemmestedet åbner og lukker."))
        if starts and ends and ends <= starts:
            self.add_error("opening_ends_at", _("Stemmestedet skal lukke efter det åbner."))
        return data


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=150)


class VoterListForm(forms.Form):
    file = forms.FileField(
        label=_("Vælgerliste (CSV)"),
        help_text=_(
            "Første linje: reference,name,email,birth_date,postal_code,address (kun reference "
            "og name skal med). Fødselsdato som ÅÅÅÅ-MM-DD. Adressen, på én linje, bruges kun "
            "på kodebreve. Komma eller semikolon."
        ),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Filen er for stor (højst 5 MB)."))
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Filen skal være gemt som UTF-8.")) from None


class CodesForm(forms.Form):
    """Codes as a sheet to cut up (HTML, printed by the browser) or as letters (one PDF).
    With a voter list, letters go one to each person on it who has none yet: no count."""

    SHEET, LETTERS = "sheet", "letters"

    output = forms.ChoiceField(
        label=_("Hvordan skal koderne udskrives?"),
        choices=[
            (SHEET, _("Et ark med mange koder, der klippes ud (fx til stormødet)")),
            (LETTERS, _("Breve som PDF, én kode pr. brev (med vælgerlisten: ét brev pr. person)")),
        ],
        initial=SHEET,
        required=False,  # empty: the sheet
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(
        label=_("Antal koder"),
        min_value=1,
        max_value=5000,
        initial=50,
        required=False,
        help_text=_("Til arket, og til breve når der ikke er en vælgerliste."),
    )
    batch = forms.CharField(
        label=_("Navn på kodeserien"),
        max_length=100,
        help_text=_("Så I kan kende koderne igen, fx 'Stormøde 12. marts' eller 'Brev'."),
    )
    reprint = forms.CharField(
        label=_("Genudskriv brev til (vælgernumre)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kun til breve: ét vælgernummer pr. linje for dem, der har mistet deres brev. Den "
            "gamle kode holder op med at virke. Tom: breve til alle, der ikke har fået et."
        ),
    )

    def __init__(self, *args: Any, has_list: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_list = has_list
        if not has_list:
            del self.fields["reprint"]  # a reprint names voter-list entries

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["output"] = data.get("output") or self.SHEET
        letters = data["output"] == self.LETTERS
        if letters and self.has_list:
            data["count"] = None  # the voter list decides
        elif data.get("count") is None and "count" not in self.errors:
            self.add_error("count", _("Skriv hvor mange koder."))
        if data.get("reprint") and not letters:
            self.add_error("reprint", _("Genudskrivning gælder kun breve."))
        return data

    def reprint_references(self) -> list[str]:
        text = self.cleaned_data.get("reprint") or ""
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Din afstemningskode"), max_length=40)


class PaperVoterForm(forms.Form):
    code = forms.CharField(label=_("Vælgerens afstemningskode"), max_length=40, required=False)
    reference = forms.CharField(
        label=_("Vælgernummer på vælgerlisten"), max_length=64, required=False
    )
    is_correction = forms.BooleanField(
        label=_("Dette er en rettelse"),
        required=False,
        help_text=_(
            "Kun hvis vælgerens første papirstemme blev indtastet forkert. "
            "Den nye stemme erstatter den første, og begge bliver stående på listen."
        ),
    )
    correction_reason = forms.CharField(
        label=_("Begrundelse for rettelsen"), max_length=300, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("code")) == bool(data.get("reference")):
            raise forms.ValidationError(_("Udfyld enten kode eller vælgernummer."))
        if data.get("is_correction") and not (data.get("correction_reason") or "").strip():
            self.add_error("correction_reason", _("En rettelse skal have en begrundelse."))
        return data

    def correction(self) -> str | None:
        """The reason when this entry corrects an earlier one; None for a first ballot."""
        if not self.cleaned_data.get("is_correction"):
            return None
        return str(self.cleaned_data["correction_reason"])


class BallotEntryForm(forms.Form):
    """One page, no JavaScript needed: checkboxes (approval, budget) or number/select inputs.
    ``ballot.js`` adds a running total and, for a ranking, buttons that move a row."""

    def __init__(
        self,
        *args: Any,
        process: BudgetProcess,
        proposals: list[Proposal],
        costs: dict[int, int],
        ask_declaration: bool = False,
        ask_birth_year: bool = False,
        ask_postal_code: bool = False,
        ask_assistance: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        self.proposals = proposals
        self.costs = costs
        form = process.ballot_form
        if form in (BallotForm.APPROVAL, BallotForm.KNAPSACK):
            self.fields["chosen"] = forms.TypedMultipleChoiceField(
                label=_("Forslag"),
                choices=[
                    (p.pk, f"{p.title} ({costs[p.pk]:,} kr)".replace(",", ".")) for p in proposals
                ],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        elif form == BallotForm.CUMULATIVE:
            for proposal in proposals:
                self.fields[f"p{proposal.pk}"] = forms.IntegerField(
                    label=_("Point til %(title)s") % {"title": proposal.title},
                    min_value=0,
                    max_value=process.points_total,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
        else:
            limit = process.max_choices or len(proposals)
            rank_choices = [("", _("Ikke valgt"))] + [(str(i), str(i)) for i in range(1, limit + 1)]
            for proposal in proposals:
                self.fields[f"p{proposal.pk}"] = forms.TypedChoiceField(
                    label=_("Plads til %(title)s") % {"title": proposal.title},
                    choices=rank_choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
        if ask_birth_year:
            this_year = timezone.localdate().year
            self.fields["birth_year"] = forms.IntegerField(
                label=_("Dit fødselsår"),
                help_text=_(
                    "Fx 1948. Bruges til at tjekke alderen og til at tælle, hvem der stemte."
                ),
                min_value=this_year - 120,
                max_value=this_year,
                error_messages=dict.fromkeys(
                    ("invalid", "min_value", "max_value"),
                    _("Skriv dit fødselsår med fire cifre, fx 1948."),
                ),
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "autocomplete": "bday-year"}
                ),
            )
        if ask_postal_code:
            self.fields["postal_code"] = forms.RegexField(
                label=_("Dit postnummer"),
                help_text=_("Fire cifre, fx 7000."),
                regex=r"^\d{4}$",
                error_messages={"invalid": _("Skriv postnummeret med fire cifre.")},
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 4}
                ),
            )
        if ask_assistance:
            self.fields["assistance"] = forms.ChoiceField(
                label=_("Hjælp til at stemme"),
                choices=Assistance.choices,
                required=False,
                initial=Assistance.NONE,
                widget=forms.RadioSelect,
            )
            self.fields["assisted_by"] = forms.CharField(
                label=_("Hvem hjalp (navn)"), max_length=150, required=False
            )
            self.fields["assistance_reason"] = forms.CharField(
                label=_("Hvorfor var der brug for hjælp"),
                help_text=_("Fx svagt syn, ordblindhed, vant til papir. Valgene skrives ikke her."),
                max_length=300,
                required=False,
            )
        if ask_declaration:
            self.fields["declare"] = forms.BooleanField(
                label=_("Jeg opfylder betingelserne for at stemme (alder og bopæl)."),
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.process.ballot_form == BallotForm.RANKING:
            self._name_rank_errors(data)
        if data.get("assistance"):
            if not (data.get("assisted_by") or "").strip():
                self.add_error("assisted_by", _("Skriv navnet på den, der hjalp."))
            if not (data.get("assistance_reason") or "").strip():
                self.add_error(
                    "assistance_reason", _("Skriv kort, hvorfor der var brug for hjælp.")
                )
        return data

    def assisted(self) -> AssistedBy | None:
        """Who helped and why, when the ballot says it was cast with help."""
        data = self.cleaned_data
        if not data.get("assistance"):
            return None
        return AssistedBy(
            kind=data["assistance"], name=data["assisted_by"], reason=data["assistance_reason"]
        )

    def _name_rank_errors(self, data: dict[str, Any]) -> None:
        """Name the rows of a ranking that repeats a place or skips one, so a voter on a long
        ballot finds them (the server's rule in ``ballot_rules`` stays the last word)."""
        ranks = {p: data[f"p{p.pk}"] for p in self.proposals if data.get(f"p{p.pk}")}
        by_rank: dict[int, list[Proposal]] = {}
        for proposal, rank in ranks.items():
            by_rank.setdefault(rank, []).append(proposal)
        for rank, sharing in sorted(by_rank.items()):
            for proposal in sharing if len(sharing) > 1 else []:
                others = ", ".join(f"«{p.title}»" for p in sharing if p != proposal)
                self.add_error(
                    f"p{proposal.pk}",
                    _("Plads %(rank)d er også givet til %(others)s. Brug hver plads én gang.")
                    % {"rank": rank, "others": others},
                )
        missing = next((r for r in range(1, len(by_rank) + 1) if r not in by_rank), None)
        if missing is not None:
            after = min(rank for rank in by_rank if rank > missing)
            for proposal in by_rank[after]:
                self.add_error(
                    f"p{proposal.pk}",
                    _("Ingen har plads %(missing)d, så denne kan ikke have plads %(rank)d.")
                    % {"missing": missing, "rank": after},
                )

    def rows(self) -> list[dict[str, Any]]:
        """One row per proposal for the ballot template: the proposal, its price and its
        input (a checkbox for approval and budget ballots, else a number or a place)."""
        if "chosen" in self.fields:
            boxes = {int(box.data["value"]): box for box in self["chosen"].subwidgets}
            return [
                {"proposal": p, "cost": self.costs[p.pk], "checkbox": boxes[p.pk]}
                for p in self.proposals
            ]
        return [
            {"proposal": p, "cost": self.costs[p.pk], "field": self[f"p{p.pk}"]}
            for p in self.proposals
        ]

    def summary(self) -> list[tuple[Proposal, int, int]]:
        """What a valid form votes for, as (proposal, price, value) in the order that reads
        best: places in order for a ranking, ballot order otherwise."""
        chosen = self.choices()
        rows = [(p, self.costs[p.pk], chosen[p.pk]) for p in self.proposals if p.pk in chosen]
        if self.process.ballot_form == BallotForm.RANKING:
            rows.sort(key=lambda row: row[2])
        return rows

    def choices(self) -> dict[int, int]:
        data = self.cleaned_data
        if "chosen" in self.fields:
            return {pk: 1 for pk in data.get("chosen") or []}
        values: dict[int, int] = {}
        for proposal in self.proposals:
            value = data.get(f"p{proposal.pk}")
            if value:
                values[proposal.pk] = int(value)
        return values

    def initial_from(self, choices: dict[int, int]) -> None:
        if "chosen" in self.fields:
            self.initial["chosen"] = list(choices)
        else:
            for pk, value in choices.items():
                self.initial[f"p{pk}"] = value


class ProposalFilterForm(forms.Form):
    """The proposal list's search, filters and order (GET); categories and areas are those the
    process's proposals use. An unknown value is a form error, and the list shows unfiltered."""

    STATUSES = {
        "": _("Alle"),
        "feasible": _("Kan gennemføres"),
        "not_feasible": _("Kan ikke gennemføres"),
        "not_reviewed": _("Ikke vurderet"),
    }
    ORDERS = {
        "newest": _("Nyeste først"),
        "supports": _("Flest støtter"),
        "cheapest": _("Billigste først"),
        "title": _("Titel (A-Å)"),
    }

    q = forms.CharField(label=_("Søg"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Kategori"), required=False)
    area = forms.ChoiceField(label=_("Område"), required=False)
    status = forms.ChoiceField(label=_("Vurdering"), required=False, choices=STATUSES.items())
    order = forms.ChoiceField(label=_("Sortér"), required=False, choices=ORDERS.items())

    def __init__(self, data: Any, *, categories: list[str], areas: list[str]) -> None:
        super().__init__(data)
        everything = [("", _("Alle"))]
        category, area = self.fields["category"], self.fields["area"]
        assert isinstance(category, forms.ChoiceField) and isinstance(area, forms.ChoiceField)
        category.choices = everything + [(name, name) for name in categories]
        area.choices = everything + [(name, name) for name in areas]
