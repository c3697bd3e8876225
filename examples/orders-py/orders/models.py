"""Plain data the order service passes around."""
from dataclasses import dataclass, field


@dataclass
class OrderLine:
    sku: str
    quantity: int
    unit_price_cents: int

    def total_cents(self):
        return self.quantity * self.unit_price_cents


@dataclass
class Order:
    customer_id: str
    lines: list = field(default_factory=list)
    id: int = 0
    status: str = "new"
    payment_id: str = ""

    def total_cents(self):
        return sum(line.total_cents() for line in self.lines)


class OrderError(Exception):
    """An order that cannot be placed, with a message safe to show the customer."""


class PaymentDeclined(OrderError):
    pass
