package com.shop.inventory.repository;

/** Stock of one product in one warehouse. */
public record StockItem(String sku, String warehouse, int available, int reserved) {
    public boolean canReserve(int quantity) {
        return available - reserved >= quantity;
    }
}
