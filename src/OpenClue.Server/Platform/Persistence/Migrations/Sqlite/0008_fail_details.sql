-- Why a job failed, in a sentence (file, line, value at fault; never personal data): the additive fail_details field.
ALTER TABLE jobs ADD COLUMN fail_details TEXT NULL;
