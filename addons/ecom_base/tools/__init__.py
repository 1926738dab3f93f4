"""Code that touches Odoo internals, kept in one place for the whole suite."""
