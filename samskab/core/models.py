"""What an administrator sets for this installation in the site: the municipality's branding
(one row) and the public-service pages (privacy, accessibility, cookies, contact)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samskab.core.colour import AA_NORMAL_TEXT, HEX_COLOUR, contrast_ratio

DEFAULT_PRIMARY_COLOUR = "#0b5394"  # samskab.css --accent: 7.7:1 with white
BRANDING_CACHE_KEY = "samskab:core:branding:v1"
BRANDING_CACHE_SECONDS = 60  # other processes see a change within a minute


def validate_primary_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Skriv farven som #rrggbb, fx #0b5394."), code="invalid", params={"value": value}
        )
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            _(
                "Hvid tekst på %(value)s har kontrasten %(ratio)s:1; der skal mindst 4,5:1 "
                "til (WCAG AA). Vælg en mørkere farve."
            ),
            code="low_contrast",
            # number_format cuts off (4.46 shows as 4,4, never as a passing 4,5).
            params={"value": value, "ratio": number_format(ratio, 1)},
        )


@dataclass(frozen=True)
class FooterLink:
    text: str
    url: str


def parse_footer_links(text: str) -> list[FooterLink]:
    """One link a line, ``Text | https://...`` (or a path on this site, ``/...``)."""
    links = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, bar, url = (part.strip() for part in line.partition("|"))
        if not bar or not label or not (url.startswith(("https://", "http://", "/"))):
            raise ValidationError(
                _("Linje %(number)d: skriv »Tekst | https://adresse«."),
                code="invalid_link",
                params={"number": number},
            )
        links.append(FooterLink(label, url))
    return links


def validate_footer_links(text: str) -> None:
    parse_footer_links(text)


class SiteBranding(models.Model):
    """The one row of branding (pk 1). Until an administrator saves it, the defaults apply:
    the name from ``SAMSKAB_SITE_NAME``, samskab's own blue, no logo and no contact."""

    municipality_name = models.CharField(
        _("kommunens navn"),
        max_length=120,
        blank=True,
        help_text=_("Vises i sidehovedet, i sidefoden, i e-mails og på udskrifter."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="branding/",
        blank=True,
        help_text=_("PNG, JPEG eller WebP, højst 2 MB. Vises i en højde af 48 pixel."),
    )
    primary_colour = models.CharField(
        _("primærfarve"),
        max_length=7,
        default=DEFAULT_PRIMARY_COLOUR,
        validators=[validate_primary_colour],
        help_text=_(
            "Farven bag sidehovedet og knapperne, som #rrggbb. Hvid tekst skal kunne læses på den."
        ),
    )
    address = models.TextField(_("adresse"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    web = models.URLField(_("hjemmeside"), blank=True)
    footer_links = models.TextField(
        _("ekstra links i sidefoden"),
        blank=True,
        validators=[validate_footer_links],
        help_text=_("Ét link pr. linje: Tekst | https://adresse"),
    )
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    REQUEST_ATTRIBUTE: ClassVar[str] = "_samskab_branding"

    class Meta:
        verbose_name = _("kommunens udseende")
        verbose_name_plural = _("kommunens udseende")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(BRANDING_CACHE_KEY)

    @property
    def name(self) -> str:
        return self.municipality_name or str(settings.SITE_NAME)

    @property
    def links(self) -> list[FooterLink]:
        try:
            return parse_footer_links(self.footer_links)
        except ValidationError:
            return []

    @property
    def has_contact(self) -> bool:
        return bool(self.address or self.phone or self.email or self.web)

    @property
    def version(self) -> str:
        """Changes whenever the row is saved: the stylesheet's address carries it."""
        return f"{self.updated_at:%Y%m%d%H%M%S}" if self.updated_at else "0"

    @classmethod
    def current(cls, request: HttpRequest | None = None) -> SiteBranding:
        """The saved branding or the defaults (never written by reading). Kept on the request,
        and for a minute in the cache, so a page costs at most one query for it."""
        if request is not None and hasattr(request, cls.REQUEST_ATTRIBUTE):
            found: SiteBranding = getattr(request, cls.REQUEST_ATTRIBUTE)
            return found
        branding = cache.get(BRANDING_CACHE_KEY)
        if not isinstance(branding, cls):
            try:
                branding = cls.objects.filter(pk=1).first() or cls()
            except DatabaseError:  # the error pages must render without a database
                return cls()
            cache.set(BRANDING_CACHE_KEY, branding, BRANDING_CACHE_SECONDS)
        if request is not None:
            setattr(request, cls.REQUEST_ATTRIBUTE, branding)
        return branding


class PageKind(models.TextChoices):
    PRIVACY = "privacy", _("Privatlivspolitik")
    ACCESSIBILITY = "accessibility", _("Tilgængelighedserklæring")
    COOKIES = "cookies", _("Cookies")
    CONTACT = "contact", _("Kontakt")


class PublicPage(models.Model):
    """A public-service page in Danish and English. Until one is saved, the default text for
    its kind (``core/pages.py``) is shown."""

    kind = models.CharField(_("side"), max_length=20, choices=PageKind.choices, unique=True)
    title_da = models.CharField(_("titel (dansk)"), max_length=200)
    title_en = models.CharField(_("titel (engelsk)"), max_length=200)
    body_da = models.TextField(
        _("tekst (dansk)"),
        help_text=_(
            "Afsnit adskilles af en tom linje. »## « foran en linje gør den til en "
            "overskrift, »- « foran hver linje gør afsnittet til en liste. Adresser bliver "
            "til links."
        ),
    )
    body_en = models.TextField(_("tekst (engelsk)"))
    updated_at = models.DateTimeField(_("senest opdateret"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opdateret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("side om tjenesten")
        verbose_name_plural = _("sider om tjenesten")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "da").startswith("en") else self.title_da

    @property
    def body(self) -> str:
        return self.body_en if (get_language() or "da").startswith("en") else self.body_da
