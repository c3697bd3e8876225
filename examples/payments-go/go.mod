module example.com/shop/payments

go 1.22

require (
	github.com/mattn/go-sqlite3 v1.14.24
	go.opentelemetry.io/otel v1.31.0
)
