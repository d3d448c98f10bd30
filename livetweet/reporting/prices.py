"""X's published per-post prices, for the report's cost estimate.

X bills the API by request since 2026 ("pay-per-use"); creating a post costs
more when it holds a link. The figures change: update them (and the date) from
the page below; the report prints both, so a reader knows what they are.
"""

from __future__ import annotations

#: US dollars per request, from X's pricing page.
X_PRICE_POST_USD = 0.015  # "Content: Create"
X_PRICE_POST_WITH_URL_USD = 0.200  # "Content: Create (with URL)"
X_PRICES_AS_OF = "2026-12-02"
X_PRICES_SOURCE = "https://docs.x.com/x-api/getting-started/pricing"


def x_cost(posts_without_link: int, posts_with_link: int) -> float:
    """The estimated cost in US dollars of publishing these posts on X."""
    return round(
        posts_without_link * X_PRICE_POST_USD + posts_with_link * X_PRICE_POST_WITH_URL_USD, 3
    )
