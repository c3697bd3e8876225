package com.shop.inventory.repository;

/** A database failure, unchecked so that callers decide where to handle it. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
