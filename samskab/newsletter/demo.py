"""Demo content: topics, news posts with comments (one reported, one hidden), subscribers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from samskab.accounts.personas import Personas
from samskab.discussion import actions as discussion
from samskab.discussion.models import Comment
from samskab.newsletter import actions
from samskab.newsletter.models import NewsPost, Subscription

TOPICS = [
    ("Borgerbudget", "borgerbudget", "Forslag, afstemninger og resultater."),
    ("Frivillig og mentor", "frivillig-og-mentor", "Nyt for frivillige, mentorer og foreninger."),
    ("Nyt fra kommunen", "nyt-fra-kommunen", "Beslutninger og tilbud fra Fjordby Kommune."),
]

POSTS = [
    (
        "borgerbudget",
        "Borgerbudget 2027: 500.000 kr. til jeres idéer",
        "Fra 1. februar kan alle over 15 år i Fjordby foreslå projekter til byens første "
        "borgerbudget.\n\nLæs reglerne på siden om borgerbudgettet, og kom til informationsmøde "
        "i biblioteket tirsdag kl. 17.",
        20,
    ),
    (
        "frivillig-og-mentor",
        "Vi søger mentorer til unge uden uddannelse",
        "Frivilligcenteret søger voksne, der vil mødes med en ung et par timer om måneden - i "
        "øjenhøjde, uden dagsorden.\n\nDu får et kursus og en fast kontaktperson.",
        10,
    ),
    (
        "nyt-fra-kommunen",
        "Nyt beboerhus i Østerlund åbner i foråret",
        "Boligselskabet Østerlund og kommunen åbner beboerhuset for foreninger og borgergrupper. "
        "Lokalerne kan bookes gratis.",
        3,
    ),
]


def load(personas: Personas, say: Callable[[str], None]) -> None:
    if NewsPost.objects.exists():
        say("newsletter: demo content already there")
        return
    topics = {
        slug: actions.ensure_topic(name, slug, description) for name, slug, description in TOPICS
    }
    now = timezone.now()
    posts = []
    for slug, title, body, days_ago in POSTS:
        posts.append(
            actions.publish_news_post(
                personas.coordinator,
                topics[slug],
                title,
                body,
                published_at=now - timedelta(days=days_ago),
            )
        )
    budget_post, mentor_post, _house_post = posts
    discussion.post_comment(
        personas.citizen,
        budget_post,
        "Godt initiativ! Kan man også foreslå noget sammen med sin forening?",
    )
    discussion.post_comment(
        personas.volunteer,
        budget_post,
        "Ja - se reglerne: foreninger kan stå bag et forslag, men en borger skal være kontakt.",
    )
    reported = discussion.post_comment(
        personas.outsider,
        mentor_post,
        "Køb billige solbriller på www.example.com/tilbud !!!",
    )
    discussion.report_comment(personas.citizen, reported, "Reklame, ikke en kommentar.")
    hidden = discussion.post_comment(
        personas.outsider, mentor_post, "Mentorer er spild af skattekroner, og det ved I godt."
    )
    discussion.hide_comment(
        personas.admin, hidden, "Ikke i en ordentlig tone. Skriv gerne igen uden at svine."
    )
    discussion.post_comment(
        personas.volunteer,
        mentor_post,
        "Jeg har været mentor i to år. Det er det bedste, jeg bruger mine torsdage på.",
    )
    for email, slug in [
        (personas.citizen.email, "borgerbudget"),
        (personas.volunteer.email, "frivillig-og-mentor"),
        ("lone@borger.demo", "borgerbudget"),
        ("lone@borger.demo", "nyt-fra-kommunen"),
    ]:
        Subscription.objects.get_or_create(
            email=email, topic=topics[slug], defaults={"confirmed_at": now}
        )
    say(
        f"newsletter: {len(topics)} topics, {len(posts)} news posts, "
        f"{Comment.objects.count()} comments, {Subscription.objects.count()} subscriptions"
    )
