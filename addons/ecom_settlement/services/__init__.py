# Plain Python engines of ecom_settlement (no ORM): see each module's docstring.
