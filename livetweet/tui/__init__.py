"""The Textual TUI. It only calls the core (agenda, text, publishing, config)."""
