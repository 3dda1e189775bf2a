"""公示: notices published for an objection period (natural or working days), objections received privately, and the result after the period."""
