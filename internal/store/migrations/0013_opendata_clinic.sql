-- Open data over the hoax clinic (internal/opendata). The clinic's
-- statistics dataset and /statistik count reports per WIB day and claim:
-- this index covers those counts, so they read the index alone, never the
-- reports with their text, links and screenshots.
CREATE INDEX opendata_clinic_reports_day ON clinic_reports (received_at, claim_id);

-- The time-to-verdict dataset and /statistik read the claims answered in a
-- range of days: this index covers that read.
CREATE INDEX opendata_clinic_claims_closed ON clinic_claims (closed_at, status, first_report_at, verdict_id);
