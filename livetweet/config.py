"""Configuration (placeholder until the publishing issue lands)."""
