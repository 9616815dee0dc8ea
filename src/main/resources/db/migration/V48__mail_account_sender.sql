-- The connected account a tenant sends from (mail_settings.sender = 'account').
ALTER TABLE mail_settings ADD COLUMN account_id UUID;
