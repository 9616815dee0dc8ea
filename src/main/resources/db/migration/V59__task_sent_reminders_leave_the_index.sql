-- A sent reminder no longer keeps its remind_at: the task_remind index then holds only reminders
-- still to send (and NULLs, which "remind_at <= now" never reads), instead of growing with every
-- reminder ever sent and being walked past on each look for the next one.
UPDATE task SET remind_at = NULL WHERE reminded_at IS NOT NULL;
