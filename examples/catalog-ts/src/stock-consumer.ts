// Consumes stock changes published by the inventory service (Kafka, kafkajs).
import { Kafka, type EachMessagePayload } from 'kafkajs';
import type { CatalogService } from './catalog-service';

interface StockChanged {
  sku: string;
  delta: number;
}

export async function startStockConsumer(catalog: CatalogService, brokers: string[]): Promise<() => Promise<void>> {
  const kafka = new Kafka({ clientId: 'catalog', brokers });
  const consumer = kafka.consumer({ groupId: 'catalog-stock' });
  await consumer.connect();
  await consumer.subscribe({ topic: 'inventory.stock-changed', fromBeginning: false });
  await consumer.run({ eachMessage: (payload) => handleStockMessage(catalog, payload) });
  return () => consumer.disconnect();
}

export async function handleStockMessage(catalog: CatalogService, { message, partition }: EachMessagePayload): Promise<void> {
  if (!message.value) {
    return;
  }
  try {
    const event = JSON.parse(message.value.toString()) as StockChanged;
    catalog.applyStockChange(event.sku, event.delta);
  } catch (error) {
    console.error(`dropping stock message at partition ${partition} offset ${message.offset}:`, error);
  }
}
