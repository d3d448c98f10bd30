"""A process that posts to three dry-run accounts (X, and two on Mastodon), for the
SIGKILL test of several accounts: ``python accounts_driver.py JOURNAL post|resume``.

"post" queues an 8-part thread on every account, then sends; "resume" sends what
is left. The dry-run outbox file next to the journal stands for the servers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from livetweet.publishing import DryRunPublisher, Outbox
from livetweet.publishing.dryrun import dry_run_outbox_path
from livetweet.text.networks import Network

PARTS = [f"Partie {i} du compte rendu #CMVilleneuve {i}/8" for i in range(1, 9)]
ACCOUNTS: dict[str, Network] = {"x": "x", "mastodon": "mastodon", "mobilite": "mastodon"}


def main(journal: Path, action: str) -> int:
    server = dry_run_outbox_path(journal)
    publishers = [
        DryRunPublisher(network, server, account=f"@{account_id}", account_id=account_id)
        for account_id, network in ACCOUNTS.items()
    ]
    with Outbox.open(journal, publishers, session_id="cm-crash") as outbox:
        if action == "post":
            outbox.submit({account_id: PARTS for account_id in ACCOUNTS}, "d4")
        report = outbox.process()
    return 0 if not (report.queued or report.failed or report.uncertain) else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
