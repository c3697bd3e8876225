// Package gateway talks to the external card processor over HTTP.
package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrDeclined means the processor refused the card.
var ErrDeclined = errors.New("card declined")

// Client calls the card processor, retrying transient failures.
type Client struct {
	BaseURL  string
	HTTP     *http.Client
	Attempts int
}

// NewClient returns a client with a timeout and three attempts.
func NewClient(baseURL string) *Client {
	return &Client{BaseURL: baseURL, HTTP: &http.Client{Timeout: 5 * time.Second}, Attempts: 3}
}

type authorizeRequest struct {
	Reference   string `json:"reference"`
	AmountCents int64  `json:"amount_cents"`
}

// Authorize asks the processor to take the amount and returns its transaction id.
func (c *Client) Authorize(ctx context.Context, reference string, amountCents int64) (string, error) {
	body, err := json.Marshal(authorizeRequest{Reference: reference, AmountCents: amountCents})
	if err != nil {
		return "", err
	}
	resp, err := c.postWithRetries(ctx, "/authorizations", body)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK, http.StatusCreated:
		var out struct {
			TransactionID string `json:"transaction_id"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return "", fmt.Errorf("decode authorization: %w", err)
		}
		return out.TransactionID, nil
	case http.StatusPaymentRequired:
		return "", ErrDeclined
	default:
		return "", fmt.Errorf("processor answered %d", resp.StatusCode)
	}
}

func (c *Client) postWithRetries(ctx context.Context, path string, body []byte) (*http.Response, error) {
	var lastErr error
	for attempt := 1; attempt <= c.Attempts; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+path, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.HTTP.Do(req)
		if err == nil && resp.StatusCode < 500 {
			return resp, nil
		}
		if err == nil {
			resp.Body.Close()
			err = fmt.Errorf("processor answered %d", resp.StatusCode)
		}
		lastErr = err
		time.Sleep(time.Duration(attempt) * 200 * time.Millisecond)
	}
	return nil, fmt.Errorf("processor unreachable after %d attempts: %w", c.Attempts, lastErr)
}
