// Outgoing calls to the inventory service, with retries for transient failures.
import { trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('catalog.inventory-client');

export class InventoryUnavailable extends Error {}

export class InventoryClient {
  constructor(private readonly baseUrl: string, private readonly attempts = 3) {}

  async stockLevel(sku: string): Promise<number> {
    const response = await this.getWithRetries(`/inventory/${encodeURIComponent(sku)}`);
    const body = (await response.json()) as { available: number };
    return body.available;
  }

  // Already instrumented: a client span around the whole batch.
  async stockLevels(skus: string[]): Promise<Map<string, number>> {
    return tracer.startActiveSpan('inventory.stockLevels', { kind: SpanKind.CLIENT }, async (span) => {
      try {
        const levels = new Map<string, number>();
        for (const sku of skus) {
          levels.set(sku, await this.stockLevel(sku));
        }
        span.setAttribute('catalog.sku_count', skus.length);
        return levels;
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  private async getWithRetries(path: string): Promise<Response> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(2000) });
        if (response.status < 500) {
          return response;
        }
        lastError = new InventoryUnavailable(`inventory answered ${response.status}`);
      } catch (error) {
        lastError = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
    throw new InventoryUnavailable(`inventory unreachable after ${this.attempts} attempts: ${String(lastError)}`);
  }
}
