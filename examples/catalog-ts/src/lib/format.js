// Formatting helpers shared with older JavaScript tooling, kept in CommonJS.
'use strict';

function formatPrice(priceCents, currency) {
  const amount = (priceCents / 100).toFixed(2);
  return currency === 'EUR' ? `${amount} €` : `$${amount}`;
}

function toListing(product, currency) {
  return {
    sku: product.sku,
    name: product.name,
    price: formatPrice(product.priceCents, currency),
    inStock: product.stock > 0,
  };
}

module.exports = { formatPrice, toListing };
