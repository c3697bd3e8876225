package com.shop.inventory.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.stereotype.Repository;

/** Stock levels in a relational database, through plain JDBC. */
@Repository
public class JdbcStockRepository implements StockRepository {
    private final DataSource dataSource;

    public JdbcStockRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<StockItem> find(String sku) {
        String sql = "SELECT sku, warehouse, available, reserved FROM stock WHERE sku = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sku);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(toItem(rows));
            }
        } catch (SQLException e) {
            throw new StorageException("could not read stock of " + sku, e);
        }
    }

    @Override
    public List<StockItem> findAll() {
        List<StockItem> items = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT sku, warehouse, available, reserved FROM stock");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                items.add(toItem(rows));
            }
        } catch (SQLException e) {
            throw new StorageException("could not list stock", e);
        }
        return items;
    }

    @Override
    public boolean reserve(String sku, int quantity) {
        String sql = "UPDATE stock SET reserved = reserved + ? WHERE sku = ? AND available - reserved >= ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, quantity);
            statement.setString(2, sku);
            statement.setInt(3, quantity);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException("could not reserve " + quantity + " of " + sku, e);
        }
    }

    @Override
    public void adjust(String sku, int delta) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE stock SET available = available + ? WHERE sku = ?")) {
            statement.setInt(1, delta);
            statement.setString(2, sku);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not adjust stock of " + sku, e);
        }
    }

    private static StockItem toItem(ResultSet rows) throws SQLException {
        return new StockItem(rows.getString("sku"), rows.getString("warehouse"), rows.getInt("available"), rows.getInt("reserved"));
    }
}
