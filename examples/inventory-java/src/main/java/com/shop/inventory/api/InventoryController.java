package com.shop.inventory.api;

import com.shop.inventory.repository.StockItem;
import com.shop.inventory.service.InventoryService;
import com.shop.inventory.service.UnknownProductException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** HTTP API of the inventory service. */
@RestController
@RequestMapping("/inventory")
public class InventoryController {
    private final InventoryService inventory;

    public InventoryController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @GetMapping
    public List<StockItem> list() {
        return inventory.allStock();
    }

    @GetMapping("/{sku}")
    public Map<String, Integer> available(@PathVariable String sku) {
        StockItem item = inventory.stockOf(sku);
        return Map.of("available", item.available() - item.reserved());
    }

    @PostMapping("/reservations/{orderId}")
    public ResponseEntity<Void> reserve(@PathVariable long orderId, @RequestBody Map<String, Integer> quantities) {
        if (inventory.reserveOrder(orderId, quantities)) {
            return ResponseEntity.status(HttpStatus.CREATED).build();
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).build();
    }

    @PostMapping("/{sku}/restock")
    public Map<String, Integer> restock(@PathVariable String sku, @RequestBody Map<String, Integer> body) {
        try {
            return Map.of("available", inventory.restock(sku, body.getOrDefault("quantity", 0)));
        } catch (IllegalArgumentException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    @ExceptionHandler(UnknownProductException.class)
    public ResponseEntity<String> notFound(UnknownProductException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(e.getMessage());
    }
}
