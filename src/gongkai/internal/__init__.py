"""内部公开: items visible only to signed-in staff of the agency (or named departments), with read receipts and questions to the poster."""
