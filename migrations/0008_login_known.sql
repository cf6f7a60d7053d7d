-- Addresses each account logged in from (issue 14): the login throttle's
-- wide scopes (one account from anywhere, everyone) lock out strangers
-- only, so a flood of wrong passwords from other addresses cannot keep an
-- owner out of their account on their own network. Rows unused for 30
-- days are swept. `account` is the lower-cased email, as the throttle's
-- keys hold it.
CREATE TABLE login_known (
    account       TEXT    NOT NULL,
    ip            TEXT    NOT NULL,
    last_login_at INTEGER NOT NULL,
    PRIMARY KEY (account, ip)
) STRICT, WITHOUT ROWID;
