-- PLACEHOLDER on branch h-mqtt only, so that 0005 applies without a gap while h-ops is not merged yet.
-- DELETE this file when merging h-mqtt after h-ops (its 0004_retention.sql takes version 0004).
SELECT 1;
