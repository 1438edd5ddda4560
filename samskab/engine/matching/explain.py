"""Reasons in words, Danish or English: ready sentences for the CLI, the benchmark and as the
mentoring app's default (the app may translate the codes itself instead).

Tags (interests, fields, time slots, areas) are shown as given: they are the municipality's
own Danish vocabulary. Language codes are named.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from samskab.engine.matching.score import Blocked, Reason, Score

LANGUAGE_NAMES = {
    "da": ("dansk", "Danish"),
    "en": ("engelsk", "English"),
    "de": ("tysk", "German"),
    "ar": ("arabisk", "Arabic"),
    "so": ("somali", "Somali"),
    "tr": ("tyrkisk", "Turkish"),
    "uk": ("ukrainsk", "Ukrainian"),
    "ru": ("russisk", "Russian"),
    "pl": ("polsk", "Polish"),
    "ro": ("rumænsk", "Romanian"),
    "fa": ("persisk", "Persian"),
    "ku": ("kurdisk", "Kurdish"),
    "ur": ("urdu", "Urdu"),
    "ti": ("tigrinya", "Tigrinya"),
    "es": ("spansk", "Spanish"),
    "fr": ("fransk", "French"),
}

Phrase = Callable[[Reason], str]


def _join(items: Sequence[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    conjunction = " og " if language == "da" else " and "
    return ", ".join(items[:-1]) + conjunction + items[-1]


def _number(value: float, language: str) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if language == "da" else text


def _language_name(code: str, language: str) -> str:
    names = LANGUAGE_NAMES.get(code)
    if names is None:
        return code
    return names[0] if language == "da" else names[1]


def _years(detail: tuple[str, ...], language: str) -> str:
    years = int(detail[0]) if detail else 0
    if language == "da":
        return f"{years} år"
    return f"{years} year" if years == 1 else f"{years} years"


def _phrase(reason: Reason, language: str) -> str:
    da = language == "da"
    detail = reason.detail
    code = reason.code
    if code == "field_match":
        fields = _join(detail, language)
        return (
            f"uddanner sig eller arbejder inden for {fields}"
            if da
            else f"studies or works in {fields}"
        )
    if code == "age_gap":
        if detail and detail[0] == "0":
            return "er på samme alder" if da else "is the same age"
        older = (
            f"er {_years(detail, language)} ældre" if da else f"is {_years(detail, language)} older"
        )
        if reason.points < 0:
            return older + (" (mere end øjenhøjde)" if da else " (more than eye level)")
        return older
    if code == "shared_interests":
        tags = _join(detail, language)
        return f"deler interessen for {tags}" if da else f"shares an interest in {tags}"
    if code == "same_area":
        area = f" ({detail[0]})" if detail else ""
        return f"bor i samme område{area}" if da else f"lives in the same area{area}"
    if code == "distance_km":
        km = _number(float(detail[0]), language) if detail else "?"
        return f"bor {km} km væk" if da else f"lives {km} km away"
    if code == "availability_overlap":
        slots = _join(detail, language)
        return (
            f"har tid på de samme tidspunkter ({slots})"
            if da
            else f"is free at the same times ({slots})"
        )
    if code == "no_common_time":
        return (
            "har ingen tider fælles med den unge"
            if da
            else "has no times in common with the young person"
        )
    if code == "gender_preference":
        if reason.points >= 0:
            return (
                "matcher den unges ønske om køn"
                if da
                else "matches the young person's gender preference"
            )
        return (
            "matcher ikke den unges ønske om køn"
            if da
            else "does not match the young person's gender preference"
        )
    if code == "language":
        names = _join([_language_name(c, language) for c in detail], language)
        return f"taler også {names}" if da else f"also speaks {names}"
    return f"{code} ({', '.join(detail)})" if detail else code


def _blocked_sentence(blocked: Blocked, language: str) -> str:
    da = language == "da"
    detail = blocked.detail
    code = blocked.code
    if code == "no_capacity":
        return (
            "Mentoren har ikke plads til flere."
            if da
            else "The mentor has no room for more mentees."
        )
    if code == "refused":
        return (
            "Den unge har fravalgt denne mentor."
            if da
            else "The young person has declined this mentor."
        )
    if code == "language" and detail:
        name = _language_name(detail[0], language)
        if da:
            return f"Mentoren taler ikke {name}, som den unge har brug for."
        return f"The mentor does not speak {name}, which the young person needs."
    if code == "language":
        return "De har intet sprog til fælles." if da else "They have no language in common."
    if code == "child_certificate":
        if da:
            return "Den unge er under 15, og mentoren har ikke en godkendt børneattest."
        return "The young person is under 15 and the mentor has no clear child certificate (børneattest)."
    if code == "mentor_younger":
        years = _years(detail, language)
        if da:
            return f"Mentoren er {years} yngre end den unge."
        return f"The mentor is {years} younger than the young person."
    return f"{code} ({', '.join(detail)})." if detail else f"{code}."


def describe(
    score: Score | Blocked, language: str = "da", *, mentor_name: str | None = None
) -> str:
    """Why this mentor (or why not), as sentences in Danish (``"da"``) or English (``"en"``)."""
    if language not in ("da", "en"):
        raise ValueError(f"unsupported language: {language!r}")
    if isinstance(score, Blocked):
        return _blocked_sentence(score, language)
    da = language == "da"
    subject = mentor_name or ("Mentoren" if da else "The mentor")
    pros = [_phrase(r, language) for r in score.reasons if r.points >= 0]
    cons = [_phrase(r, language) for r in score.reasons if r.points < 0]
    if pros:
        text = f"{subject} {_join(pros, language)}."
    elif da:
        text = f"{subject} er et muligt match uden særlige fællestræk."
    else:
        text = f"{subject} is a possible match with nothing in particular in common."
    if cons:
        again = mentor_name or ("mentoren" if da else "the mentor")
        text += f" {'Men' if da else 'But'} {again} {_join(cons, language)}."
    total = _number(score.total, language)
    text += f" Samlet: {total} point." if da else f" Total: {total} points."
    return text


UNMATCHED_REASONS = {
    "no_mentors": (
        "Der er ingen mentorer at vælge imellem.",
        "There are no mentors to choose from.",
    ),
    "capacity": (
        "De mentorer, der passer, er foreslået til andre unge (det giver det bedste samlede resultat).",
        "The mentors who fit are proposed for other young people (that gives the best overall result).",
    ),
    "low_score": (
        "Ingen mentor passer godt nok (for få fællestræk).",
        "No mentor fits well enough (too little in common).",
    ),
    "no_capacity": ("Ingen mentor har plads lige nu.", "No mentor has room right now."),
    "refused": (
        "Den unge har fravalgt de mulige mentorer.",
        "The young person has declined the possible mentors.",
    ),
    "language": (
        "Ingen mentor taler det sprog, den unge har brug for.",
        "No mentor speaks the language the young person needs.",
    ),
    "child_certificate": (
        "Ingen mentor med godkendt børneattest har plads.",
        "No mentor with a clear child certificate (børneattest) has room.",
    ),
    "mentor_younger": (
        "Der er ingen mentorer, der er ældre end den unge.",
        "There are no mentors older than the young person.",
    ),
}


def describe_unmatched(code: str, language: str = "da") -> str:
    """Why a young person got no proposal (the reason codes of ``MatchingResult.unmatched``)."""
    if language not in ("da", "en"):
        raise ValueError(f"unsupported language: {language!r}")
    texts = UNMATCHED_REASONS.get(code)
    if texts is None:
        return f"{code}."
    return texts[0] if language == "da" else texts[1]
