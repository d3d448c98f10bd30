"""One module (or a few) per network that livetweet publishes to."""
