from __future__ import annotations

from ninja.security import HttpBearer

from gongkai.accounts.tokens import user_for_token


class StaffToken(HttpBearer):
    """``Authorization: Bearer <token>``; the request then acts as the token's staff member."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user
