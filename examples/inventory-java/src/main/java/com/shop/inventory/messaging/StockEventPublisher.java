package com.shop.inventory.messaging;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes stock changes for the catalog, and reservation outcomes for orders. */
@Component
public class StockEventPublisher {
    private static final Tracer TRACER = GlobalOpenTelemetry.getTracer("com.shop.inventory.messaging");

    private final KafkaTemplate<String, String> kafka;

    public StockEventPublisher(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    /** Already instrumented: a producer span around the send. */
    public void stockChanged(String sku, int delta) {
        Span span = TRACER.spanBuilder("inventory.stock-changed publish").setSpanKind(SpanKind.PRODUCER).startSpan();
        try (Scope scope = span.makeCurrent()) {
            span.setAttribute("messaging.destination.name", "inventory.stock-changed");
            kafka.send("inventory.stock-changed", sku, "{\"sku\":\"" + sku + "\",\"delta\":" + delta + "}");
        } finally {
            span.end();
        }
    }

    public void reservationResult(long orderId, boolean reserved) {
        kafka.send("orders.stock-reservations", Long.toString(orderId),
                "{\"order_id\":" + orderId + ",\"reserved\":" + reserved + "}");
    }
}
