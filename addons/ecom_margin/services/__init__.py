# Plain Python engines of ecom_margin (no ORM): see each module's docstring.
