package com.shop.inventory.service;

/** No stock record exists for the product. */
public class UnknownProductException extends RuntimeException {
    public UnknownProductException(String sku) {
        super("unknown product " + sku);
    }
}
