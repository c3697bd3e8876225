"""Order service of the example shop: takes orders, charges them through payments, announces them on a queue."""
