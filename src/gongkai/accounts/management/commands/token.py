"""``gongkai token create USERNAME`` / ``list USERNAME`` / ``revoke PREFIX``: staff API tokens."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.accounts.models import ApiToken, User
from gongkai.accounts.tokens import token_create, token_revoke


class Command(BaseCommand):
    help = _("Create, list and revoke staff API tokens.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", default="")
        listing = sub.add_parser("list")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                _("There is no staff member with the user name “%(name)s”.") % {"name": username}
            )
        return user

    def handle(self, *args, **options):
        verb = options["verb"]
        if verb == "create":
            user = self._user(options["username"])
            if not user.is_active:
                raise CommandError(_("This staff account is deactivated."))
            _token, raw = token_create(actor=None, user=user, name=options["name"])
            self.stderr.write(_("Keep this token safe; it is shown only once:"))
            self.stdout.write(raw)
        elif verb == "list":
            user = self._user(options["username"])
            for token in ApiToken.objects.filter(user=user).order_by("created_at"):
                state = _("revoked") if token.revoked_at else _("active")
                used = (
                    token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "-"
                )
                self.stdout.write(f"{token.prefix}…  {state}  {token.name}  {used}")
        else:
            tokens = list(
                ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True)
            )
            if len(tokens) != 1:
                raise CommandError(
                    _("No single active token begins with “%(prefix)s”.")
                    % {"prefix": options["prefix"]}
                )
            token_revoke(actor=None, token=tokens[0])
            self.stdout.write(_("Revoked."))
