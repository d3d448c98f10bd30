"""The words every format shares: the title, states, outcomes, times and networks."""

from __future__ import annotations

from datetime import datetime, tzinfo

from livetweet.i18n import _, current_language
from livetweet.publishing.state import PostRecord
from livetweet.reporting import prices
from livetweet.reporting.model import ItemRecord, Report, VoteRecord
from livetweet.text.networks import DISPLAY_NAMES


def report_title(report: Report) -> str:
    """The page's title; a rehearsal says in it that nothing was published."""
    if report.dry_run:
        return _("{title} — rehearsal (dry run): nothing was published").format(title=report.title)
    return _("{title} — record of the session").format(title=report.title)


def words() -> dict[str, str]:
    """Labels the renderers put inside f-strings, translated now (the catalogue's
    extractor cannot see a ``_()`` inside an f-string on Python 3.11)."""
    return {
        "corrected by": _("corrected by"),
        "correction of": _("correction of"),
        "Nothing was posted about it.": _("Nothing was posted about it."),
        "(corrected)": _("(corrected)"),
        "Vote records, in order (the last one is the result):": _(
            "Vote records, in order (the last one is the result):"
        ),
        "Posts per network": _("Posts per network"),
        "Network": _("Network"),
        "Accounts": _("Accounts"),
        "Posts published": _("Posts published"),
        "With a link": _("With a link"),
        "Estimated cost": _("Estimated cost"),
        "Posts about the session": _("Posts about the session"),
        "Post {ref}": _("Post {ref}"),
        "Corrections": _("Corrections"),
        "Deleted posts": _("Deleted posts"),
        "To follow up: failed or uncertain posts": _("To follow up: failed or uncertain posts"),
        "Skip to the content": _("Skip to the content"),
        "Agenda items": _("Agenda items"),
        "Agenda": _("Agenda"),
        "Summary": _("Summary"),
        "The agenda, item by item": _("The agenda, item by item"),
        "Checking this record": _("Checking this record"),
        "Vote: {result}": _("Vote: {result}"),
        "No post was published: no timeline to show.": _(
            "No post was published: no timeline to show."
        ),
    }


def rehearsal_notice() -> str:
    return _("Rehearsal (dry run): nothing was published. The links below lead nowhere.")


def network_name(network: str) -> str:
    return DISPLAY_NAMES.get(network, network)  # type: ignore[call-overload, no-any-return]


def state_label(post: PostRecord) -> str:
    return {
        "posted": _("published"),
        "deleted": _("deleted"),
        "failed": _("failed"),
        "uncertain": _("uncertain: to check on the account"),
        "queued": _("not sent"),
        "sending": _("not sent"),
        "cancelled": _("cancelled"),
    }.get(post.state, post.state)


def outcome_label(outcome: str) -> str:
    return {
        "adopted": _("adopted"),
        "adopted_unanimously": _("adopted unanimously"),
        "rejected": _("rejected"),
    }.get(outcome, outcome)


def vote_line(vote: VoteRecord) -> str:
    return _("{outcome} ({for_} for, {against} against, {abstain} abstentions)").format(
        outcome=outcome_label(vote.outcome),
        for_=vote.votes_for,
        against=vote.against,
        abstain=vote.abstain,
    )


def vote_source(vote: VoteRecord) -> str:
    if vote.source == "votes":
        return _("recorded after the session by {who}").format(who=vote.operator)
    return _("recorded during the session by {who}").format(who=vote.operator)


def item_heading(item: ItemRecord) -> str:
    if item.number == item.title:  # an item known only by its id (no agenda)
        return item.title
    return _("Item {number} — {title}").format(number=item.number, title=item.title)


def item_status(item: ItemRecord) -> str | None:
    if item.closed:
        return _("Closed session (huis clos): nothing is to be published about this item.")
    if item.do_not_post:
        return _("Not published: this item is kept out of posts.")
    return None


def session_zone(report: Report) -> tzinfo | None:
    if report.start is None:
        return None
    return datetime.fromisoformat(report.start).tzinfo


def clock(report: Report, timestamp: str | None) -> str:
    """``HH:MM`` in the session's time zone (UTC when no agenda says which)."""
    if not timestamp:
        return ""
    moment = datetime.fromisoformat(timestamp)
    zone = session_zone(report)
    return moment.astimezone(zone).strftime("%H:%M") if zone else moment.strftime("%H:%M UTC")


def moment_label(report: Report, timestamp: str | None) -> str:
    """Date and time, for the page (session time zone)."""
    if not timestamp:
        return ""
    moment = datetime.fromisoformat(timestamp)
    zone = session_zone(report)
    if zone is None:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def amount(value: float) -> str:
    """A number as the language writes it (0,015 in French)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return text.replace(".", ",") if current_language() == "fr" else text


def usd(value: float) -> str:
    return _("{amount} US$").format(amount=amount(round(value, 2)))


def price_sentence() -> str:
    """Which prices the X estimate uses, and of when: they change."""
    return _(
        "X cost estimate at X's published prices of {date}: {post} US$ per post, "
        "{link} US$ per post with a link ({source})."
    ).format(
        date=prices.X_PRICES_AS_OF,
        post=amount(prices.X_PRICE_POST_USD),
        link=amount(prices.X_PRICE_POST_WITH_URL_USD),
        source=prices.X_PRICES_SOURCE,
    )


def verify_command(report: Report) -> str:
    return f"livetweet audit verify {report.journal.name} --expect {report.last_hash}"
