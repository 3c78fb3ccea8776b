-- Issue 12, case 1: DDL inside a DO block.
CREATE TABLE users (id int);
DO $$ BEGIN
  ALTER TABLE users ADD COLUMN email text;
  CREATE TABLE contacts (id int, phone text);
END $$;
COMMENT ON COLUMN contacts.phone IS 'Mobile #PPI';
