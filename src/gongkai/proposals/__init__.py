"""人大代表建议 / 政协委员提案: registration, handling by lead and co-handling agencies, replies, the delegates' feedback and yearly counts."""
