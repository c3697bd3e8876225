"""Order storage on sqlite3."""
import sqlite3

from .models import Order, OrderLine

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    status TEXT NOT NULL,
    payment_id TEXT
);
CREATE TABLE IF NOT EXISTS order_lines (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    sku TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL
);
"""


class OrderRepository:
    def __init__(self, path):
        self.connection = sqlite3.connect(path, check_same_thread=False)
        self.connection.executescript(SCHEMA)

    def save(self, order):
        with self.connection:
            cursor = self.connection.execute(
                "INSERT INTO orders (customer_id, status, payment_id) VALUES (?, ?, ?)",
                (order.customer_id, order.status, order.payment_id),
            )
            order.id = cursor.lastrowid
            self.connection.executemany(
                "INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents) VALUES (?, ?, ?, ?)",
                [(order.id, line.sku, line.quantity, line.unit_price_cents) for line in order.lines],
            )
        return order

    def update_status(self, order_id, status, payment_id=""):
        with self.connection:
            self.connection.execute(
                "UPDATE orders SET status = ?, payment_id = ? WHERE id = ?",
                (status, payment_id, order_id),
            )

    def find(self, order_id):
        row = self.connection.execute(
            "SELECT id, customer_id, status, payment_id FROM orders WHERE id = ?", (order_id,)
        ).fetchone()
        if row is None:
            return None
        lines = [
            OrderLine(sku, quantity, price)
            for sku, quantity, price in self.connection.execute(
                "SELECT sku, quantity, unit_price_cents FROM order_lines WHERE order_id = ?", (order_id,)
            )
        ]
        return Order(customer_id=row[1], lines=lines, id=row[0], status=row[2], payment_id=row[3] or "")
