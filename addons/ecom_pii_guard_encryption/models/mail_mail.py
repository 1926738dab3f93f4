"""Outgoing e-mail bodies encrypted at rest.

``mail.mail.body_html`` holds what Odoo is about to send or keeps after
sending (order confirmations with the customer's address, portal invitations
with sign-up links): its own column (``mail.mail`` inherits ``mail.message``
through ``mail_message_id``; the chatter body ``mail.message.body`` is not
encrypted). Sending reads it through the ORM, in clear.
"""
from odoo import models


class MailMail(models.Model):
    _name = "mail.mail"
    _inherit = ["mail.mail", "ecom.encrypted.columns"]

    _ecom_encrypted_columns = ("body_html",)
