// Command payments serves the payment API of the example shop.
package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"strings"

	"example.com/shop/payments/internal/charges"
	"example.com/shop/payments/internal/gateway"
	"example.com/shop/payments/internal/storage"
	_ "github.com/mattn/go-sqlite3"
)

type server struct {
	charges *charges.Service
}

type chargeRequest struct {
	OrderID     int64 `json:"order_id"`
	AmountCents int64 `json:"amount_cents"`
}

func (s *server) handleCharge(w http.ResponseWriter, r *http.Request) {
	var req chargeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad request body", http.StatusBadRequest)
		return
	}
	charge, err := s.charges.Charge(r.Context(), req.OrderID, req.AmountCents)
	if errors.Is(err, gateway.ErrDeclined) {
		writeJSON(w, http.StatusPaymentRequired, map[string]string{"reason": "card declined"})
		return
	}
	if err != nil {
		log.Printf("charge order %d: %v", req.OrderID, err)
		http.Error(w, "payment failed", http.StatusBadGateway)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"payment_id": charge.ID})
}

func (s *server) handleRefund(w http.ResponseWriter, r *http.Request) {
	chargeID := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/charges/"), "/refund")
	err := s.charges.Refund(r.Context(), chargeID)
	if errors.Is(err, storage.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(body); err != nil {
		log.Printf("write response: %v", err)
	}
}

func main() {
	db, err := sql.Open("sqlite3", envOr("PAYMENTS_DB", "payments.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	srv := &server{charges: charges.NewService(storage.NewRepository(db), gateway.NewClient(envOr("PROCESSOR_URL", "http://localhost:9000")))}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /charges", srv.handleCharge)
	mux.HandleFunc("POST /charges/{id}/refund", srv.handleRefund)
	log.Fatal(http.ListenAndServe(":8081", mux))
}

func envOr(name, fallback string) string {
	if value, ok := os.LookupEnv(name); ok {
		return value
	}
	return fallback
}
