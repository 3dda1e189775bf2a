"""Staff screens of notices: thin adapters over ``gongkai.notices.services``."""
