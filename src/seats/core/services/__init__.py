"""Services: the only code that changes state. Each public function takes keyword-only arguments,
runs in one transaction, and records what it did."""
