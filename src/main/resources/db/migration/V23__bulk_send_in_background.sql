-- A bulk send is stored whole (its documents and options) and answered at once; a worker then
-- queues its emails one document at a time under a lease, and a worker that died is followed by
-- another that resumes where it stopped (each email is keyed by job and document).
ALTER TABLE mail_bulk_job ADD COLUMN document_ids TEXT;
ALTER TABLE mail_bulk_job ADD COLUMN options TEXT;
ALTER TABLE mail_bulk_job ADD COLUMN queued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE mail_bulk_job ADD COLUMN claim_token UUID;
ALTER TABLE mail_bulk_job ADD COLUMN locked_until TIMESTAMP WITH TIME ZONE;
-- Jobs from before were queued inside their request.
UPDATE mail_bulk_job SET queued_at = created_at;
CREATE INDEX mail_bulk_job_to_queue ON mail_bulk_job (queued_at, locked_until);
