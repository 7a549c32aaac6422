-- Failed sign-ins counted per account and client address (padu_domain::throttle), so guessing
-- from one address locks that address out, not the account's owner. `users.failed_logins` and
-- `users.locked_until` stay as the account-wide ceiling. Transient: not backed up.
CREATE TABLE login_throttle (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0,
    locked_until TEXT,
    PRIMARY KEY (user_id, address)
)
