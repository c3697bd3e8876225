package com.shop.inventory.service;

import com.shop.inventory.messaging.StockEventPublisher;
import com.shop.inventory.repository.StockItem;
import com.shop.inventory.repository.StockRepository;
import com.shop.inventory.repository.StorageException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Stock rules: reservations all-or-nothing per order, every change announced. */
@Service
public class InventoryService {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryService.class);

    private final StockRepository repository;
    private final StockEventPublisher events;

    public InventoryService(StockRepository repository, StockEventPublisher events) {
        this.repository = repository;
        this.events = events;
    }

    public StockItem stockOf(String sku) {
        return repository.find(sku).orElseThrow(() -> new UnknownProductException(sku));
    }

    public List<StockItem> allStock() {
        return repository.findAll();
    }

    public boolean reserveOrder(long orderId, Map<String, Integer> quantities) {
        boolean reserved = true;
        try {
            for (Map.Entry<String, Integer> line : quantities.entrySet()) {
                if (!repository.reserve(line.getKey(), line.getValue())) {
                    reserved = false;
                    break;
                }
            }
        } catch (StorageException e) {
            LOG.error("reservation of order {} failed", orderId, e);
            reserved = false;
        }
        events.reservationResult(orderId, reserved);
        return reserved;
    }

    public int restock(String sku, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("restock quantity must be positive");
        }
        repository.adjust(sku, quantity);
        events.stockChanged(sku, quantity);
        return stockOf(sku).available();
    }
}
