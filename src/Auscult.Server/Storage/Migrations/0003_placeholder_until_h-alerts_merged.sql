-- PLACEHOLDER on branch h-mqtt only, so that 0005 applies without a gap while h-alerts is not merged yet.
-- DELETE this file when merging h-mqtt after h-alerts (its 0003_alerts_engine.sql takes version 0003).
SELECT 1;
