"""Plain-Python engine of ecom_bin_location (no ORM imports).

- :mod:`.codes`: structured bin codes and the grid generation plan;
- :mod:`.putaway`: capacity-aware destination choice for receipts;
- :mod:`.abc`: ABC classification and cycle-count due dates.
"""
