// In-memory product store; a real deployment would put a database behind the same methods.
export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
}

export class Store {
  private readonly products = new Map<string, Product>();

  get(sku: string): Product | undefined {
    return this.products.get(sku);
  }

  put(product: Product): void {
    this.products.set(product.sku, product);
  }

  list(): Product[] {
    return [...this.products.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  adjustStock(sku: string, delta: number): number {
    const product = this.products.get(sku);
    if (!product) {
      throw new Error(`unknown product ${sku}`);
    }
    product.stock += delta;
    return product.stock;
  }
}
