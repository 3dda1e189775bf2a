"""Staff screens of solicitations: lists and the solicitation's page (``solicitations``),
moderation (``moderation``) and the feedback editor (``feedback``)."""
