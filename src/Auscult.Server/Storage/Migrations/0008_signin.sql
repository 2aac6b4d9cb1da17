-- Failed sign-ins, counted per user name and per client address, so a limit holds across every instance of the
-- service and across restarts. One row per subject ('name:ada', 'address:192.0.2.7'); a fixed window of counting.
CREATE TABLE signin_failures (
    subject TEXT PRIMARY KEY,
    -- Failures since window_start.
    failures INTEGER NOT NULL,
    -- When the counting window began (unix milliseconds).
    window_start BIGINT NOT NULL,
    -- Until when sign-ins of this subject are refused (unix milliseconds), or NULL.
    locked_until BIGINT NULL
);
