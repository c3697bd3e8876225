// Package charges holds the payment workflow: authorize with the processor, record, refund.
package charges

import (
	"context"
	"errors"
	"fmt"
	"time"

	"example.com/shop/payments/internal/gateway"
	"example.com/shop/payments/internal/storage"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
)

var tracer = otel.Tracer("example.com/shop/payments/internal/charges")

// Service charges orders. Its repository field is the storage package's type.
type Service struct {
	repo    *storage.Repository
	gateway *gateway.Client
	now     func() time.Time
}

// NewService wires the workflow.
func NewService(repo *storage.Repository, gw *gateway.Client) *Service {
	return &Service{repo: repo, gateway: gw, now: time.Now}
}

// Charge authorizes the amount and records the charge.
func (s *Service) Charge(ctx context.Context, orderID int64, amountCents int64) (storage.Charge, error) {
	if amountCents <= 0 {
		return storage.Charge{}, fmt.Errorf("amount must be positive, got %d", amountCents)
	}
	reference := fmt.Sprintf("order-%d", orderID)
	transactionID, err := s.gateway.Authorize(ctx, reference, amountCents)
	if err != nil {
		if errors.Is(err, gateway.ErrDeclined) {
			return storage.Charge{}, err
		}
		return storage.Charge{}, fmt.Errorf("authorize %s: %w", reference, err)
	}
	charge := storage.Charge{ID: transactionID, OrderID: orderID, AmountCents: amountCents, Status: "captured", CreatedAt: s.now()}
	if err := s.repo.Insert(ctx, charge); err != nil {
		return storage.Charge{}, err
	}
	return charge, nil
}

// Refund marks a charge refunded. Already instrumented with a span.
func (s *Service) Refund(ctx context.Context, chargeID string) error {
	ctx, span := tracer.Start(ctx, "charges.Refund")
	defer span.End()
	span.SetAttributes(attribute.String("payment.charge_id", chargeID))
	charge, err := s.repo.Find(ctx, chargeID)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "charge lookup failed")
		return err
	}
	if charge.Status == "refunded" {
		return nil
	}
	return s.repo.UpdateStatus(ctx, chargeID, "refunded")
}

// Lookup returns one charge.
func (s *Service) Lookup(ctx context.Context, chargeID string) (storage.Charge, error) {
	return s.repo.Find(ctx, chargeID)
}
