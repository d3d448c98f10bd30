"""livetweet: live-tweet a council's plenary session from the terminal."""

__version__ = "0.1.0"
