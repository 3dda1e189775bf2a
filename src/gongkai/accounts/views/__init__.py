"""Staff-facing pages of the accounts app: login (auth), second factor (otp), staff (staff)."""
