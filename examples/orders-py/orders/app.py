"""HTTP handlers of the order service (Flask)."""
import os

from flask import Flask, jsonify, request

from .events import OrderEvents
from .models import OrderError
from .payments_client import PaymentsClient
from .repository import OrderRepository
from .service import OrderService

app = Flask(__name__)


def create_service():
    return OrderService(
        repository=OrderRepository(os.environ.get("ORDERS_DB", "orders.db")),
        payments=PaymentsClient(os.environ.get("PAYMENTS_URL", "http://localhost:8081")),
        events=OrderEvents(os.environ.get("AMQP_URL", "amqp://guest:guest@localhost:5672/")),
        catalog_url=os.environ.get("CATALOG_URL", "http://localhost:8082"),
    )


service = create_service()


@app.post("/orders")
def place_order():
    body = request.get_json(force=True)
    try:
        order = service.place_order(body["customer_id"], body.get("items", []))
    except KeyError as missing:
        return jsonify(error=f"missing field {missing}"), 400
    except OrderError as error:
        return jsonify(error=str(error)), 422
    return jsonify(id=order.id, status=order.status, total_cents=order.total_cents()), 201


@app.get("/orders/<int:order_id>")
def get_order(order_id):
    order = service.repository.find(order_id)
    if order is None:
        return jsonify(error="not found"), 404
    return jsonify(id=order.id, status=order.status, total_cents=order.total_cents())


@app.delete("/orders/<int:order_id>")
def cancel_order(order_id):
    try:
        service.cancel_order(order_id)
    except OrderError as error:
        return jsonify(error=str(error)), 404
    return "", 204


if __name__ == "__main__":
    app.run(port=8080)
