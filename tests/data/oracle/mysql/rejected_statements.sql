-- Statements the server refuses (applied with the client's --force, as a
-- migration that goes on after an error): the schema does not change.
CREATE TABLE accounts (id int, email varchar(100) COMMENT 'E-mail #PPI');
ALTER TABLE accounts ADD COLUMN email varchar(50);
CREATE TABLE ledger (id int);
ALTER TABLE accounts RENAME TO ledger;
CREATE TEMPORARY TABLE scratch (id int);
ALTER TABLE scratch ADD COLUMN phone varchar(20) COMMENT 'Phone #PPI';
ALTER TABLE accounts CHANGE COLUMN nothing_here phone varchar(20);
