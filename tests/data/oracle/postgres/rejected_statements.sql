-- Statements the server refuses (applied without ON_ERROR_STOP, as a
-- migration that goes on after an error): the schema does not change.
CREATE TABLE accounts (id int, email text);
COMMENT ON COLUMN accounts.email IS 'E-mail #PPI';
ALTER TABLE accounts ADD COLUMN email varchar(50);
CREATE TABLE ledger (id int);
ALTER TABLE accounts RENAME TO ledger;
ALTER TABLE accounts RENAME COLUMN nothing_here TO phone;
CREATE TEMPORARY TABLE scratch (id int);
ALTER TABLE scratch ADD COLUMN phone text;
COMMENT ON COLUMN scratch.phone IS 'Phone #PPI';
