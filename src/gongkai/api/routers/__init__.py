"""One router per area of the API; ``gongkai.api.api`` mounts them."""
