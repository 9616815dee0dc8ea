-- A credit note either cancels its invoice (reason 'cancel', at most one per invoice) or credits
-- one refund of it (reason 'refund:<the shop's refund id>', at most one per refund). Replaces
-- the one-credit-note-per-invoice constraint, which left partial refunds without a credit note.
ALTER TABLE document ADD COLUMN credit_reason VARCHAR(80);
UPDATE document SET credit_reason = 'cancel' WHERE credit_note_for IS NOT NULL;
ALTER TABLE document DROP CONSTRAINT document_one_credit_note;
ALTER TABLE document ADD CONSTRAINT document_one_credit_note_per_reason UNIQUE (credit_note_for, credit_reason);
ALTER TABLE document ADD CONSTRAINT document_credit_reason_with_credit_note
    CHECK ((credit_note_for IS NULL AND credit_reason IS NULL) OR (credit_note_for IS NOT NULL AND credit_reason IS NOT NULL));
