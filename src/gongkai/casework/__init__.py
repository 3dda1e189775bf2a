"""The case core shared by applications and letters: numbers and query codes, the working-day clock, reminders, timeline steps and formal documents."""
