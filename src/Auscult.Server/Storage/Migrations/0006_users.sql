-- Dashboard users: people who sign in with a name and password (API keys stay for programs and devices).
-- password_hash is ASP.NET Core Identity's PasswordHasher format (PBKDF2-HMAC-SHA512, salted, iteration count inside).
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    -- Compared case-sensitively as typed; unique.
    name TEXT NOT NULL UNIQUE,
    -- admin or operator (the API keys' roles; a device never signs in).
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT NULL
);
