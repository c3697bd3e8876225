// HTTP handlers of the catalog service (Express).
import express, { type Request, type Response } from 'express';
import { CatalogService } from './catalog-service';
import { startStockConsumer } from './stock-consumer';

const catalog = new CatalogService(process.env.INVENTORY_URL ?? 'http://localhost:8083', process.env.CURRENCY);

export function createApp(service: CatalogService): express.Express {
  const app = express();
  app.use(express.json());
  app.get('/products', (req, res) => listProducts(service, req, res));
  app.get('/products/:sku', (req, res) => getProduct(service, req, res));
  app.post('/products', (req, res) => addProduct(service, req, res));
  app.get('/health', async (_req, res) => {
    const products = await service.listings();
    res.json({ status: 'ok', products: products.length });
  });
  return app;
}

async function listProducts(service: CatalogService, _req: Request, res: Response): Promise<void> {
  try {
    res.json(await service.listings());
  } catch (error) {
    res.status(500).json({ error: String(error) });
  }
}

function getProduct(service: CatalogService, req: Request, res: Response): void {
  const product = service.product(req.params.sku);
  if (!product) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json(product);
}

function addProduct(service: CatalogService, req: Request, res: Response): void {
  try {
    service.addProduct(req.body);
    res.status(201).end();
  } catch (error) {
    res.status(400).json({ error: (error as Error).message });
  }
}

async function main(): Promise<void> {
  await startStockConsumer(catalog, (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(','));
  createApp(catalog).listen(8082, () => console.log('catalog listening on 8082'));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
