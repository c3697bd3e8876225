"""Outgoing calls to the payments service, with retries on transient failures."""
import time

import requests

from .models import PaymentDeclined

RETRYABLE_STATUS = {502, 503, 504}


class PaymentsClient:
    def __init__(self, base_url, attempts=3, backoff_seconds=0.2):
        self.base_url = base_url.rstrip("/")
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds
        self.session = requests.Session()

    def charge(self, order):
        payload = {"order_id": order.id, "customer_id": order.customer_id, "amount_cents": order.total_cents()}
        response = self._post_with_retries("/charges", payload)
        if response.status_code == 402:
            raise PaymentDeclined(response.json().get("reason", "payment declined"))
        response.raise_for_status()
        return response.json()["payment_id"]

    def refund(self, payment_id):
        response = self._post_with_retries(f"/charges/{payment_id}/refund", {})
        response.raise_for_status()

    def _post_with_retries(self, path, payload):
        last_error = None
        for attempt in range(1, self.attempts + 1):
            try:
                response = self.session.post(self.base_url + path, json=payload, timeout=5)
                if response.status_code not in RETRYABLE_STATUS:
                    return response
                last_error = requests.HTTPError(f"status {response.status_code}")
            except (requests.ConnectionError, requests.Timeout) as error:
                last_error = error
            time.sleep(self.backoff_seconds * attempt)
        raise last_error
