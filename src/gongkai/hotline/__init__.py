"""热线来电 / 来访: calls and visits registered by staff, answered on the spot or turned into a work order (a letter of the interaction app), with the follow-up call (回访) and the counts per period."""
