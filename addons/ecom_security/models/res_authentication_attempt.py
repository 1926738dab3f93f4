import logging

from odoo import api, fields, models

from ..services import lockout

_logger = logging.getLogger(__name__)

MAX_BY_LOGIN = "ecom_security.max_by_login"
WINDOW_MINUTES = "ecom_security.login_lockout_minutes"


class ResAuthenticationAttempt(models.Model):
    _inherit = "res.authentication.attempt"

    remote_metadata = fields.Text(
        help="Not looked up: the OCA module sends each address to a public "
             "geolocation service, which would disclose who logs in from where.")

    @api.multi
    def _compute_metadata(self):
        """No call to ip-api.com (privacy, and the server may have no internet)."""
        for attempt in self:
            attempt.remote_metadata = False

    @api.model
    def _trusted(self, remote, login):
        """Also lock a login attacked from many addresses (auth_brute_force
        counts per address and per address + login only). Whitelisted
        addresses pass, as in the OCA module."""
        if not super(ResAuthenticationAttempt, self)._trusted(remote, login):
            return False
        if not remote or remote in self._whitelist_remotes():
            return True
        get_param = self.env["ir.config_parameter"].sudo().get_param
        limit = lockout.parse_limit(get_param(MAX_BY_LOGIN), 20)
        if limit <= 0:
            return True
        failures = self._ecom_login_failures(
            login, lockout.parse_limit(get_param(WINDOW_MINUTES), 30))
        if lockout.is_locked(failures, limit):
            _logger.warning(
                "Authentication failed from remote '%s': login %r is locked "
                "(%d failures from any address).", remote, login, failures)
            return False
        return True

    @api.model
    def _ecom_login_failures(self, login, window_minutes):
        """Failed or banned attempts of ``login`` (any address) in the window."""
        last_ok = self.search(
            [("login", "=", login), ("result", "=", "successful")],
            order="create_date desc", limit=1)
        start = lockout.window_start(
            lockout.utcnow(), window_minutes, last_ok.create_date or None)
        domain = [("login", "=", login), ("result", "in", ("failed", "banned"))]
        if start:
            domain.append(("create_date", ">", start))
        return self.search_count(domain)
