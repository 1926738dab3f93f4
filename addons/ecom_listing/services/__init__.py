# Plain Python, no ORM: errors, order-line translation, price split, stock.
