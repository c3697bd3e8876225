"""The order workflow: price, store, charge, announce."""
import logging

import requests

from .events import OrderEvents
from .models import Order, OrderError, OrderLine, PaymentDeclined
from .payments_client import PaymentsClient
from .repository import OrderRepository

logger = logging.getLogger(__name__)


class OrderService:
    def __init__(self, repository: OrderRepository, payments: PaymentsClient, events: OrderEvents, catalog_url: str):
        self.repository = repository
        self.payments = payments
        self.events = events
        self.catalog_url = catalog_url

    def place_order(self, customer_id, items):
        if not items:
            raise OrderError("an order needs at least one item")
        order = Order(customer_id=customer_id, lines=self.price_lines(items))
        self.repository.save(order)
        try:
            order.payment_id = self.payments.charge(order)
        except PaymentDeclined as declined:
            self.repository.update_status(order.id, "declined")
            self.events.publish_order_cancelled(order.id, str(declined))
            raise
        except requests.RequestException:
            logger.exception("payments unavailable for order %s", order.id)
            self.repository.update_status(order.id, "payment_pending")
            raise OrderError("payments are unavailable, try again later")
        order.status = "paid"
        self.repository.update_status(order.id, order.status, order.payment_id)
        self.events.publish_order_placed(order)
        return order

    def price_lines(self, items):
        lines = []
        for item in items:
            response = requests.get(f"{self.catalog_url}/products/{item['sku']}", timeout=2)
            if response.status_code == 404:
                raise OrderError(f"unknown product {item['sku']}")
            response.raise_for_status()
            lines.append(OrderLine(item["sku"], int(item["quantity"]), response.json()["priceCents"]))
        return lines

    def cancel_order(self, order_id):
        order = self.repository.find(order_id)
        if order is None:
            raise OrderError(f"no order {order_id}")
        if order.status == "paid":
            self.payments.refund(order.payment_id)
        self.repository.update_status(order_id, "cancelled")
        self.events.publish_order_cancelled(order_id, "cancelled by customer")
