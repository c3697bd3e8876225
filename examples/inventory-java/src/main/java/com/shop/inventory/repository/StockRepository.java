package com.shop.inventory.repository;

import java.util.List;
import java.util.Optional;

/** Where stock levels live. */
public interface StockRepository {
    Optional<StockItem> find(String sku);

    List<StockItem> findAll();

    boolean reserve(String sku, int quantity);

    void adjust(String sku, int delta);
}
