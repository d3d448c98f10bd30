"""Generate a large, valid agenda (300 items by default) for benchmarks and tests.

Usage: ``python benchmarks/make_agenda.py OUT.yaml [ITEMS]``. The file is
written to where you say (a temporary directory in tests): it is not committed.
Every item is postable but a few, many have a rapporteur with handles, links,
hashtags and prepared drafts (some threads), so that checking it exercises
every rule and renders thousands of posts.
"""

from __future__ import annotations

import sys
from pathlib import Path

THEMES = ("finances", "urbanisme", "associations", "personnel", "voirie", "culture")
SUBJECTS = (
    "Subvention à l'association sportive du quartier",
    "Convention de partenariat avec le centre social",
    "Tarifs de la médiathèque",
    "Acquisition d'une parcelle",
    "Dénomination d'une voie nouvelle",
    "Avenant au marché de travaux",
    "Modification du tableau des effectifs",
    "Garantie d'emprunt pour un bailleur social",
)


def make_agenda(items: int = 300, members: int = 40) -> str:
    lines = [
        "# yaml-language-server: $schema=./agenda.schema.json",
        "version: 1",
        "session:",
        "  id: cm-grande-seance",
        "  title: Conseil municipal (séance de test, 300 points)",
        "  body: Ville de Villeneuve",
        "  start: 2026-12-15T18:30:00+01:00",
        "  livestream_url: https://www.villeneuve.example.fr/direct",
        '  hashtags: ["#CMVilleneuve"]',
        "  members_in_office: 45",
        "groups:",
        "  - {id: majorite, name: Villeneuve ensemble}",
        "  - {id: opposition, name: Villeneuve autrement}",
        "themes:",
    ]
    for theme in THEMES:
        lines += [f"  - id: {theme}", f"    label: {theme.capitalize()}"]
        lines.append(f'    hashtags: ["#{theme.capitalize()}"]')
    lines.append("members:")
    for m in range(members):
        lines += [
            f"  - id: elu-{m}",
            f"    name: Élu·e numéro {m}",
            f"    group: {'majorite' if m % 3 else 'opposition'}",
        ]
        if m % 4 != 3:
            lines += [
                "    handles:",
                f'      x: "@Elu{m}VN"',
                f'      mastodon: "@elu{m}@mastodon.example.fr"',
                f'      bluesky: "@elu{m}.bsky.social"',
            ]
        if m % 7 == 5:
            lines.append("    mention: false")
    lines.append("items:")
    for i in range(1, items + 1):
        subject = SUBJECTS[i % len(SUBJECTS)]
        lines += [
            f"  - id: point-{i}",
            f"    number: {i}",
            f"    title: {subject} — délibération n° {i} de la séance du 15 décembre",
            f"    short_title: {subject}",
            f"    theme: {THEMES[i % len(THEMES)]}",
            f"    rapporteur: elu-{i % members}",
        ]
        if i % 5 == 0:
            lines += [
                "    links:",
                "      - label: Rapport",
                f"        url: https://www.villeneuve.example.fr/cm/2026-12-15/point-{i}.pdf",
            ]
        if i % 50 == 7:
            lines.append("    closed: true")
            continue
        if i % 3 == 0:
            lines += [
                "    drafts:",
                f'      intro: "📌 Point {{number}} : {subject.lower()}, présenté par'
                f' {{rapporteur}} et {{@elu-{(i + 1) % members}}}. {{session_hashtags}}"',
            ]
            if i % 6 == 0:
                lines += [
                    "      adopted:",
                    f'        - "✅ Point {{number}} adopté. Délibération {i}/{items}. 🧵"',
                    '        - "Les détails : https://www.villeneuve.example.fr/cm/'
                    f'{i} {{session_hashtags}}"',
                ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    count = int(argv[1]) if len(argv) > 1 else 300
    Path(argv[0]).write_text(make_agenda(count), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
