"""One module (or a few) per social network a publisher posts to."""
