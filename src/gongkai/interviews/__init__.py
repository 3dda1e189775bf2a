"""在线访谈: events with guests, questions from the public, moderation, live answers and the archived transcript."""
