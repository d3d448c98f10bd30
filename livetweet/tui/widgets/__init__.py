"""The main screen's widgets; each reads state and is updated by its screen."""
