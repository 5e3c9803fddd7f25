"""Suggestions of people worth talking to, computed per event in memory in one pass.

A participant's "what I am looking for" is matched against the others' "what I can offer" (plus
the titles of practice examples their organisation presents): Dutch words, lower case, without
stop words and with a light stemmer, each shared word weighted by its rarity (IDF over the
offers). Shared themes and themes of the other's organisation's practice examples add to the
score. Never suggested: oneself, people of one's own organisation, people one is already paired
with, anyone not registered for the same event.

Speed: `load_matcher(event_id)` runs five queries; `Matcher.suggest` counts weighted matches
with `collections.Counter` over pre-weighted posting lists (the counting loop runs in C), so
suggestions for all 3,000 participants of an event take well under two seconds
(`scripts/bench_match`). Participants' pages never run it per view: they read what
events.pairs.stored computed with it and stored.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress
from typing import Any

from events.pairs.tables import PairMember
from events.programme.tables import PracticeExample, PracticeTheme, Theme
from events.registration.tables import Participant, ParticipantTheme
from events.web.i18n import gettext as _

MAX_WORD_WEIGHT = 8
# A word in more than this share of all offers tells nothing about who fits best.
MAX_DOCUMENT_SHARE = 0.25

STOPWORDS = frozenset(
    """
    aan al alle alles als altijd andere ben bij daar daarom dan dat de der deze die dit doch doen
    door dus een eens en er ge geen geweest graag haar had heb hebben heeft hem het hier hij hoe
    hun iemand iets ik in is ja je jij jou jouw jullie kan kun kunnen kunt maar me meer men met mij
    mijn moet moeten na naar niet niets nog nu of om omdat onder ons onze ook op over reeds samen
    te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd wie wij wil
    willen worden wordt zal ze zelf zich zij zijn zo zoals zou zouden zullen andere anderen
    ander hoe waar wanneer welke elkaar heel erg vooral goed goede nieuwe nieuw manier manieren
    mensen graag zoek zoeken zoekt op het gebied vanuit binnen tussen via per etc bijvoorbeeld
    the and for with from that this our your you are how what who can about
    """.split()  # noqa: SIM905  (a block of words reads better than a list)
)
WORD = re.compile(r"[a-zà-öø-ÿ]{3,}")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light Dutch stemmer: 'wijkteams' and 'wijkteam' meet, so do 'vrijwilligers'/'-iger'."""
    for suffix in ("heden", "eren", "en", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> dict[str, str]:
    """The content words of a text: stem -> the first form it appeared in."""
    found: dict[str, str] = {}
    for word in WORD.findall(text.lower()):
        if word in STOPWORDS:
            continue
        found.setdefault(stem(word), word)
    return found


@dataclass
class Person:
    """What matching needs to know about one registered participant."""

    id: int
    name: str
    organisation_id: int | None
    organisation: str | None
    public_name: bool
    looking_for: str
    offer: dict[str, str] = field(default_factory=dict)
    themes: frozenset[int] = frozenset()
    practice_themes: frozenset[int] = frozenset()


@dataclass
class Suggestion:
    participant_id: int
    name: str
    organisation: str | None
    public_name: bool
    score: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "participant_id": self.participant_id,
            "name": self.name,
            "organisation": self.organisation,
            "public_name": self.public_name,
            "score": self.score,
            "reason": self.reason,
        }


def _rarity(total: int, count: int) -> int:
    """An integer IDF weight (1..MAX_WORD_WEIGHT) of something `count` of `total` people have."""
    return min(MAX_WORD_WEIGHT, max(1, round(math.log((total + 1) / (count + 1)))))


class Matcher:
    """The precomputed index of one event: weighted posting lists of words and themes."""

    def __init__(
        self,
        people: list[Person],
        theme_names: dict[int, str],
        paired: dict[int, set[int]],
    ) -> None:
        self.people = {person.id: person for person in people}
        self.theme_names = theme_names
        self.paired = paired
        self.by_organisation: dict[int, list[int]] = {}
        for person in people:
            if person.organisation_id is not None:
                self.by_organisation.setdefault(person.organisation_id, []).append(person.id)
        total = max(len(people), 1)
        document_frequency: Counter[str] = Counter(
            chain.from_iterable(person.offer for person in people)
        )
        limit = max(3, int(total * MAX_DOCUMENT_SHARE))
        self.word_weight: dict[str, int] = {
            term: _rarity(total, count)
            for term, count in document_frequency.items()
            if count <= limit
        }
        word_postings: dict[str, list[int]] = {}
        theme_postings: dict[int, list[int]] = {}
        practice_postings: dict[int, list[int]] = {}
        for person in people:
            for term in person.offer:
                if term in self.word_weight:
                    word_postings.setdefault(term, []).append(person.id)
            for theme in person.themes:
                theme_postings.setdefault(theme, []).append(person.id)
            for theme in person.practice_themes:
                practice_postings.setdefault(theme, []).append(person.id)
        # Each list holds every id `weight` times, so counting them sums the weights (in C).
        # Themes are weighted by rarity like words, at least 2 (a shared theme is a choice the
        # person made, stronger than a word); a theme of their organisation's practices by 1.
        self.weighted_words = {
            term: ids * self.word_weight[term] for term, ids in word_postings.items()
        }
        self.weighted_themes = {
            theme: ids * max(2, _rarity(total, len(ids))) for theme, ids in theme_postings.items()
        }
        self.weighted_practice_themes = dict(practice_postings)
        self._looking: dict[int, dict[str, str]] = {}
        self._ranked: dict[int, list[str]] = {}

    def looking_terms(self, participant_id: int) -> dict[str, str]:
        terms = self._looking.get(participant_id)
        if terms is None:
            terms = self._looking[participant_id] = words(self.people[participant_id].looking_for)
        return terms

    def excluded(self, participant_id: int) -> set[int]:
        """Oneself, one's own organisation and the people one is already paired with."""
        person = self.people[participant_id]
        excluded = {participant_id, *self.paired.get(participant_id, ())}
        if person.organisation_id is not None:
            excluded.update(self.by_organisation[person.organisation_id])
        return excluded

    def scores(self, participant_id: int) -> Counter[int]:
        person = self.people[participant_id]
        empty: list[int] = []
        looking = self.looking_terms(participant_id)
        lists = [self.weighted_words.get(term, empty) for term in looking]
        lists += [self.weighted_themes.get(theme, empty) for theme in person.themes]
        lists += [self.weighted_practice_themes.get(theme, empty) for theme in person.themes]
        counts: Counter[int] = Counter(chain.from_iterable(lists))
        for other in self.excluded(participant_id):
            counts.pop(other, None)
        return counts

    def best(
        self, participant_id: int, limit: int = 5, public_only: bool = False
    ) -> list[tuple[int, int]]:
        """The best `limit` (participant id, score) for this participant, best first.

        `public_only` keeps people who agreed to show their name (for pages participants see).
        """
        if participant_id not in self.people:
            return []
        counts = self.scores(participant_id)
        if public_only:
            for other in [other for other in counts if not self.people[other].public_name]:
                del counts[other]
        return top(counts, limit)

    def suggest(
        self,
        participant_id: int,
        limit: int = 5,
        public_only: bool = False,
        labels: dict[str, str] | None = None,
    ) -> list[Suggestion]:
        """The best `limit` people for this participant, with a short reason each."""
        labels = labels or self.labels()
        return [
            self._suggestion(participant_id, other, score, labels)
            for other, score in self.best(participant_id, limit, public_only)
        ]

    @staticmethod
    def labels() -> dict[str, str]:
        """The reason phrases in the current language (translated once per batch)."""
        return {
            "theme": _("shared theme: %(themes)s"),
            "words": _("offers what you look for: %(words)s"),
            "practice": _("their organisation presents a practice on %(themes)s"),
        }

    def _suggestion(
        self, participant_id: int, other_id: int, score: int, labels: dict[str, str]
    ) -> Suggestion:
        other = self.people[other_id]
        return Suggestion(
            participant_id=other_id,
            name=other.name,
            organisation=other.organisation,
            public_name=other.public_name,
            score=score,
            reason=self.reason(participant_id, other_id, labels),
        )

    def reason(self, participant_id: int, other_id: int, labels: dict[str, str]) -> str:
        """Why: shared themes, the words of my question in their offer, their practices."""
        return reason_text(self.reason_parts(participant_id, other_id), labels)

    def reason_parts(self, participant_id: int, other_id: int) -> dict[str, list[str]]:
        """The reason as data, in no language: shared theme names, up to three of the words of
        my question that their offer has, and (when no theme is shared) the themes of their
        organisation's practice examples that I chose."""
        me, other = self.people[participant_id], self.people[other_id]
        shared = me.themes & other.themes
        matched = [term for term in self.ranked_looking(participant_id) if term in other.offer]
        practice = (me.themes & other.practice_themes) if not shared else frozenset()
        return {
            "themes": sorted(self.theme_names.get(t, "") for t in shared),
            "words": [other.offer[term] for term in matched[:3]],
            "practice": sorted(self.theme_names.get(t, "") for t in practice),
        }

    def ranked_looking(self, participant_id: int) -> list[str]:
        """The participant's searched words that count, rarest first."""
        ranked = self._ranked.get(participant_id)
        if ranked is None:
            terms = [t for t in self.looking_terms(participant_id) if t in self.word_weight]
            ranked = sorted(terms, key=lambda term: -self.word_weight[term])
            self._ranked[participant_id] = ranked
        return ranked

    def all_suggestions(self, limit: int = 5) -> dict[int, list[Suggestion]]:
        """Suggestions for every participant of the event."""
        labels = self.labels()
        return {
            participant_id: self.suggest(participant_id, limit, labels=labels)
            for participant_id in self.people
        }


def reason_text(parts: dict[str, list[str]], labels: dict[str, str]) -> str:
    """The reason of `Matcher.reason_parts` in words (the labels of `Matcher.labels`)."""
    texts = []
    if parts.get("themes"):
        texts.append(labels["theme"] % {"themes": ", ".join(parts["themes"])})
    if parts.get("words"):
        texts.append(labels["words"] % {"words": ", ".join(parts["words"])})
    if parts.get("practice"):
        texts.append(labels["practice"] % {"themes": ", ".join(parts["practice"])})
    return "; ".join(texts)


def top(counts: Counter[int], limit: int) -> list[tuple[int, int]]:
    """The `limit` highest (id, score) pairs, best first, ties by id.

    Faster than Counter.most_common: scores are small integers with few distinct values, so the
    cut-off comes from counting them (in C); then only the items at or above it are sorted.
    """
    if not counts or limit <= 0:
        return []
    seen = 0
    cut = 0
    for score, number in sorted(Counter(counts.values()).items(), reverse=True):
        seen += number
        cut = score
        if seen >= limit:
            break
    # compress/map run in C: the items whose score is at least the cut-off.
    best = list(compress(counts.items(), map(cut.__le__, counts.values())))
    best.sort(key=lambda item: (-item[1], item[0]))
    return best[:limit]


async def load_matcher(event_id: int) -> Matcher:
    """Read an event's registered participants, themes, practices and pairs; build the index."""
    rows = await Participant.select(
        Participant.id,
        Participant.name,
        Participant.organisation,
        Participant.organisation.name.as_alias("organisation_name"),
        Participant.organisation.status.as_alias("organisation_status"),
        Participant.consent_public_name_at,
        Participant.offer,
        Participant.looking_for,
    ).where((Participant.event == event_id) & (Participant.status == "registered"))
    theme_rows = await ParticipantTheme.select(
        ParticipantTheme.participant, ParticipantTheme.theme
    ).where(
        (ParticipantTheme.participant.event == event_id)
        & (ParticipantTheme.participant.status == "registered")
    )
    practice_rows = await PracticeExample.select(
        PracticeExample.id, PracticeExample.title, PracticeExample.organisation
    ).where((PracticeExample.event == event_id) & PracticeExample.organisation.is_not_null())
    practice_theme_rows = await PracticeTheme.select(
        PracticeTheme.practice, PracticeTheme.theme
    ).where(PracticeTheme.practice.event == event_id)
    member_rows = await PairMember.select(PairMember.pair, PairMember.participant).where(
        PairMember.pair.event == event_id
    )
    theme_names = {row["id"]: row["name"] for row in await Theme.select(Theme.id, Theme.name)}

    themes_of: dict[int, set[int]] = {}
    for row in theme_rows:
        themes_of.setdefault(row["participant"], set()).add(row["theme"])
    practice_themes: dict[int, set[int]] = {}
    for row in practice_theme_rows:
        practice_themes.setdefault(row["practice"], set()).add(row["theme"])
    organisation_themes: dict[int, set[int]] = {}
    organisation_titles: dict[int, list[str]] = {}
    for row in practice_rows:
        organisation_themes.setdefault(row["organisation"], set()).update(
            practice_themes.get(row["id"], ())
        )
        organisation_titles.setdefault(row["organisation"], []).append(row["title"])
    people = []
    for row in rows:
        organisation_id = row["organisation"]
        offer = row["offer"]
        if organisation_id in organisation_titles:
            offer = " ".join([offer, *organisation_titles[organisation_id]])
        people.append(
            Person(
                id=row["id"],
                name=row["name"],
                organisation_id=organisation_id,
                # Shown to others: a suggested organisation waits for an organiser.
                organisation=row["organisation_name"]
                if row["organisation_status"] == "accepted"
                else None,
                public_name=row["consent_public_name_at"] is not None,
                looking_for=row["looking_for"],
                offer=words(offer),
                themes=frozenset(themes_of.get(row["id"], ())),
                practice_themes=frozenset(organisation_themes.get(organisation_id, ())),
            )
        )
    return Matcher(people, theme_names, paired_with(member_rows))


def paired_with(member_rows: list[dict[str, Any]]) -> dict[int, set[int]]:
    """participant -> the participants they share a pair with."""
    members: dict[int, list[int]] = {}
    for row in member_rows:
        members.setdefault(row["pair"], []).append(row["participant"])
    paired: dict[int, set[int]] = {}
    for ids in members.values():
        for participant_id in ids:
            paired.setdefault(participant_id, set()).update(i for i in ids if i != participant_id)
    return paired


async def suggestions_for(
    participant_id: int, limit: int = 5, public_only: bool = True
) -> list[dict[str, Any]]:
    """The top suggestions of one participant, as plain dicts (empty when not registered)."""
    row = (
        await Participant.select(Participant.event)
        .where((Participant.id == participant_id) & (Participant.status == "registered"))
        .first()
    )
    if row is None:
        return []
    matcher = await load_matcher(row["event"])
    return [s.as_dict() for s in matcher.suggest(participant_id, limit, public_only=public_only)]
