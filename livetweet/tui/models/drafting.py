"""What each network would receive for the draft being typed.

The editor holds one *source* text in which ``{@member_id}`` (and any other
placeholder) stays unresolved, because it resolves differently per network.
This module renders it per network, counts it, splits it into a thread when
it is too long, and maps the overflow back to the source so the editor can
highlight it. It runs on every keystroke: placeholders are rendered one by
one and cached, the literal text around them is passed through untouched, and
a thread is worked out only as far as :data:`PREVIEW_MAX_PARTS` posts (the
counters stay exact; the whole thread is made when the post key is pressed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from livetweet.agenda.model import Agenda, Item
from livetweet.agenda.placeholders import spans
from livetweet.i18n import _
from livetweet.text import ClusterTooLong, split_thread_start
from livetweet.text.display import control_characters, terminal_safe
from livetweet.text.networks import DISPLAY_NAMES, Network
from livetweet.tui.models.accounts import Account, own_limit
from livetweet.tui.models.bridge import (
    EXPLICIT_BREAK,
    Count,
    RenderError,
    VoteCounts,
    count,
    render_text,
    split_thread,
    tidy,
)

#: How many posts of a thread are worked out on each keystroke. Past it the
#: preview says "more than N posts": a pasted megabyte costs no more per key
#: than a long draft, and the counters (length, limit) stay exact.
PREVIEW_MAX_PARTS = 50


@dataclass(frozen=True)
class NetworkDraft:
    """The draft as one network will receive it."""

    network: Network
    text: str
    count: Count
    parts: tuple[str, ...]
    #: Where the overflow starts in the *source* text (None: it fits, or its thread's
    #: parts all fit).
    source_overflow_at: int | None
    #: Each part as the network counts it (the one count when it is a single post).
    part_counts: tuple[Count, ...] = ()
    #: False: ``parts`` holds only the first posts of a longer thread (a preview).
    complete: bool = True
    #: An account whose instance has its own limit (None: every account of the
    #: network but those), its label ("Mastodon @VilleMobilite") and limit.
    account_id: str | None = None
    label: str = ""
    limit: int | None = None

    @property
    def name(self) -> str:
        """What the counters and the preview call it: the network, or the account."""
        return self.label or DISPLAY_NAMES[self.network]


@dataclass(frozen=True)
class DraftAnalysis:
    source: str
    networks: tuple[NetworkDraft, ...]
    error: str | None = None

    def unpostable(self, limits: dict[Network, int] | None = None) -> str | None:
        """Why this draft cannot be posted as it is (checked when the post key is
        pressed, not on every keystroke), or None."""
        if self.error is not None:
            return self.error
        found = control_characters(self.source, allow_newlines=True)
        if found:  # pasted escape sequence or reordering mark: shown as a symbol, never sent
            return _("A control character ({char}): remove it.").format(
                char=terminal_safe(found[0][1])
            )
        for draft in self.networks:
            if not draft.complete:  # a preview: posting it would drop the rest
                return _("Only the start of the thread on {network} is worked out.").format(
                    network=draft.name
                )
            limit = draft.limit if draft.account_id else (limits or {}).get(draft.network)
            for part in draft.parts:
                counted = count(part, draft.network, limit=limit, url_weight=draft.count.url_weight)
                if not counted.postable:
                    name = draft.name
                    if counted.empty:
                        return _("An empty post on {network}.").format(network=name)
                    if counted.invalid_at is not None:
                        return _("A character {network} refuses.").format(network=name)
                    return _("A part still too long for {network} ({n}/{limit}).").format(
                        network=name, n=counted.length, limit=counted.limit
                    )
        return None

    @property
    def complete(self) -> bool:
        """Every thread is worked out whole (not only its first posts)."""
        return all(draft.complete for draft in self.networks)

    def longest_thread(self) -> NetworkDraft | None:
        """The network whose thread has the most posts (None: no network)."""
        return max(self.networks, key=lambda draft: len(draft.parts), default=None)

    def parts_for(self, accounts: Iterable[Account]) -> dict[str, list[str]]:
        """What each account receives (keyed by account id, as the outbox takes it):
        its own draft where its instance counts differently, else its network's."""
        parts: dict[str, list[str]] = {}
        for account in accounts:
            own = next((d for d in self.networks if d.account_id == account.id), None)
            shared = next(
                (d for d in self.networks if d.network == account.network and not d.account_id),
                None,
            )
            if (draft := own or shared) is not None:
                parts[account.id] = list(draft.parts)
        return parts

    @property
    def first_overflow(self) -> int | None:
        """The earliest overflow in the source, over every network."""
        offsets = [n.source_overflow_at for n in self.networks if n.source_overflow_at is not None]
        return min(offsets, default=None)


class DraftAnalyser:
    """Renders, counts and splits drafts for the enabled networks of a session."""

    def __init__(
        self,
        agenda: Agenda,
        *,
        house_limit: int | None = None,
        limits: dict[Network, int] | None = None,
        url_weights: dict[Network, int] | None = None,
        numbering: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.agenda = agenda
        self.clock = clock
        self.house_limit = house_limit
        self.limits = limits or {}
        self.url_weights = url_weights or {}
        self.numbering = numbering
        self._cache: dict[tuple[str, Network, str | None, VoteCounts | None], str] = {}

    def _render_token(
        self, token: str, network: Network, item: Item | None, votes: VoteCounts | None
    ) -> str:
        if token in ("{{", "}}"):
            return token[0]
        if token == "{time}":  # changes every minute: never cached
            now = self.clock() if self.clock else None
            return render_text(self.agenda, token, item, network, votes, now=now)
        key = (token, network, item.id if item else None, votes)
        cached = self._cache.get(key)
        if cached is None:
            cached = render_text(self.agenda, token, item, network, votes)
            self._cache[key] = cached
        return cached

    def render(
        self, source: str, network: Network, item: Item | None, votes: VoteCounts | None = None
    ) -> tuple[str, list[tuple[int, int, int, int]]]:
        """The rendered text and, for every placeholder, (rendered start, rendered end,
        source start, source end), so rendered offsets can be traced back."""
        pieces: list[str] = []
        mapping: list[tuple[int, int, int, int]] = []
        position = 0
        rendered_length = 0
        # The agenda's own scanner: raises RenderError for an unclosed brace or an
        # unknown placeholder, and says where each placeholder sits in the source.
        for span in spans(source):
            literal = source[position : span.start]
            pieces.append(literal)
            rendered_length += len(literal)
            value = self._render_token(span.text_in(source), network, item, votes)
            pieces.append(value)
            mapping.append((rendered_length, rendered_length + len(value), span.start, span.end))
            rendered_length += len(value)
            position = span.end
        pieces.append(source[position:])
        return "".join(pieces).rstrip(), mapping

    @staticmethod
    def to_source(offset: int, spans: list[tuple[int, int, int, int]]) -> int:
        """The source offset of a rendered offset (inside a placeholder: its start)."""
        shift = 0
        for rendered_start, rendered_end, source_start, source_end in spans:
            if offset < rendered_start:
                break
            if offset < rendered_end:
                return source_start
            shift = source_end - rendered_end
        return offset + shift

    def analyse(
        self,
        source: str,
        networks: Iterable[Network],
        item: Item | None,
        votes: VoteCounts | None = None,
        *,
        max_parts: int | None = PREVIEW_MAX_PARTS,
        accounts: Sequence[Account] = (),
    ) -> DraftAnalysis:
        """What each network would receive; with ``max_parts=None`` the whole thread
        (before posting), else at most ``max_parts`` posts of it (while typing).

        ``accounts``: where the post goes. An account whose instance counts
        differently (its own limit) gets its own draft after its network's; the
        network's draft is left out when all its accounts have their own."""
        results: list[NetworkDraft] = []
        problem: str | None = None
        try:
            for network in networks:
                on_network = [a for a in accounts if a.network == network]
                own = [a for a in on_network if own_limit(a, self.limits, self.url_weights)]
                if len(own) < len(on_network) or not on_network:
                    draft, error = self._draft(source, network, item, votes, max_parts)
                    results.append(draft)
                    problem = problem or error
                for account in own:
                    draft, error = self._draft(
                        source, network, item, votes, max_parts, account=account
                    )
                    results.append(draft)
                    problem = problem or error
        except RenderError as error:
            return DraftAnalysis(source, tuple(results), error=str(error))
        return DraftAnalysis(source, tuple(results), error=problem)

    def _draft(
        self,
        source: str,
        network: Network,
        item: Item | None,
        votes: VoteCounts | None,
        max_parts: int | None,
        *,
        account: Account | None = None,
    ) -> tuple[NetworkDraft, str | None]:
        """One network's (or one account's) draft, and why it cannot be split."""
        rendered, spans = self.render(source, network, item, votes)
        limit = self.limits.get(network)
        link = self.url_weights.get(network)
        if account is not None:
            limit = account.limit or limit
            link = account.url_weight or link
        counted = count(
            rendered, network, limit=limit, house_limit=self.house_limit, url_weight=link
        )
        parts: tuple[str, ...] = (rendered,)
        part_counts: tuple[Count, ...] = (counted,)
        complete = True
        problem: str | None = None
        if not counted.fits or EXPLICIT_BREAK.search(rendered):
            try:
                posts, complete = self._split(rendered, counted, limit, max_parts)
                parts = tuple(posts)
                part_counts = tuple(
                    count(p, network, limit=limit, house_limit=self.house_limit, url_weight=link)
                    for p in parts
                )
            except ClusterTooLong as error:  # shown, and posting is refused
                problem = str(error)
        at = counted.overflow_at
        if all(c.fits for c in part_counts):
            at = None  # a thread whose posts all fit: nothing to paint red
        overflow = None if at is None else self.to_source(at, spans)
        draft = NetworkDraft(
            network,
            rendered,
            counted,
            parts,
            overflow,
            part_counts,
            complete,
            account_id=account.id if account is not None else None,
            label=account.label if account is not None else "",
            limit=limit if account is not None else None,
        )
        return draft, problem

    def _split(
        self, rendered: str, counted: Count, limit: int | None, max_parts: int | None
    ) -> tuple[list[str], bool]:
        network = counted.network
        if max_parts is None:
            posts = split_thread(
                rendered,
                network,
                limit=limit,
                numbering=self.numbering,
                url_weight=counted.url_weight,
            )
            return posts, True
        return split_thread_start(
            rendered,
            network,
            limit=limit,
            url_weight=counted.url_weight,
            numbering=self.numbering,
            max_parts=max_parts,
            counted=counted,  # already counted for the counters: not twice per key
        )


def editor_text(
    analyser: DraftAnalyser,
    source: str,
    networks: Iterable[Network],
    item: Item | None,
    votes: VoteCounts | None = None,
) -> str:
    """``source`` with every placeholder that renders the same everywhere resolved,
    so the operator edits real text; mentions (which differ per network) stay."""
    wanted = tuple(networks)

    def resolve(token: str) -> str:
        if token in ("{{", "}}"):
            return token
        try:
            values = {analyser.render(token, n, item, votes)[0] for n in wanted}
        except RenderError:
            return token
        return values.pop() if len(values) == 1 else token

    try:
        found = spans(source)
    except RenderError:  # an unreadable template: shown as it is, rendering says why
        return tidy(source)
    pieces: list[str] = []
    position = 0
    for span in found:
        pieces.append(source[position : span.start])
        pieces.append(resolve(span.text_in(source)))
        position = span.end
    pieces.append(source[position:])
    return tidy("".join(pieces))
