// Package storage keeps charges in a SQL database.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrNotFound is returned when no charge has the requested id.
var ErrNotFound = errors.New("charge not found")

// Charge is one payment taken for an order.
type Charge struct {
	ID          string
	OrderID     int64
	AmountCents int64
	Status      string
	CreatedAt   time.Time
}

// Repository reads and writes charges.
type Repository struct {
	db *sql.DB
}

// NewRepository wraps an open database.
func NewRepository(db *sql.DB) *Repository {
	return &Repository{db: db}
}

// Insert stores a new charge.
func (r *Repository) Insert(ctx context.Context, c Charge) error {
	_, err := r.db.ExecContext(ctx,
		"INSERT INTO charges (id, order_id, amount_cents, status, created_at) VALUES (?, ?, ?, ?, ?)",
		c.ID, c.OrderID, c.AmountCents, c.Status, c.CreatedAt)
	if err != nil {
		return fmt.Errorf("insert charge %s: %w", c.ID, err)
	}
	return nil
}

// Find loads one charge by id.
func (r *Repository) Find(ctx context.Context, id string) (Charge, error) {
	var c Charge
	row := r.db.QueryRowContext(ctx,
		"SELECT id, order_id, amount_cents, status, created_at FROM charges WHERE id = ?", id)
	if err := row.Scan(&c.ID, &c.OrderID, &c.AmountCents, &c.Status, &c.CreatedAt); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Charge{}, ErrNotFound
		}
		return Charge{}, fmt.Errorf("find charge %s: %w", id, err)
	}
	return c, nil
}

// UpdateStatus changes a charge's status inside a transaction.
func (r *Repository) UpdateStatus(ctx context.Context, id, status string) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	result, err := tx.ExecContext(ctx, "UPDATE charges SET status = ? WHERE id = ?", status, id)
	if err != nil {
		return fmt.Errorf("update charge %s: %w", id, err)
	}
	if n, _ := result.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return tx.Commit()
}
