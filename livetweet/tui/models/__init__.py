"""The TUI's Textual-free models: where the session stands, what the draft becomes
on each network, what the outbox shows, the settings. Controllers drive them,
screens and widgets display them; they import neither (nor Textual: see the
import-linter contracts in pyproject.toml)."""
