// Catalog logic: products, prices and stock, backed by the Store and the inventory service.
import { Store, type Product } from './store';
import { InventoryClient, InventoryUnavailable } from './inventory-client';
import { toListing } from './lib/format';

export class CatalogService {
  private readonly store: Store;
  private readonly inventory: InventoryClient;

  constructor(inventoryUrl: string, private readonly currency = 'USD') {
    this.store = new Store();
    this.inventory = new InventoryClient(inventoryUrl);
  }

  product(sku: string): Product | undefined {
    return this.store.get(sku);
  }

  async listings(): Promise<object[]> {
    const products = this.store.list();
    try {
      const levels = await this.inventory.stockLevels(products.map((p) => p.sku));
      for (const product of products) {
        product.stock = levels.get(product.sku) ?? product.stock;
      }
    } catch (error) {
      if (!(error instanceof InventoryUnavailable)) {
        throw error;
      }
      // Stale stock is better than no catalog: serve what the store last knew.
    }
    return products.map((p) => toListing(p, this.currency));
  }

  addProduct(product: Product): void {
    if (product.priceCents <= 0) {
      throw new RangeError(`price of ${product.sku} must be positive`);
    }
    this.store.put(product);
  }

  applyStockChange(sku: string, delta: number): number {
    return this.store.adjustStock(sku, delta);
  }
}
