-- Idempotent migrations: guards, exception handlers, EXECUTE with literal and format() arguments.
CREATE TABLE accounts (id int);
DO $body$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_name = 'accounts' AND column_name = 'email') THEN
    ALTER TABLE accounts ADD COLUMN email text;
    COMMENT ON COLUMN accounts.email IS 'Login e-mail #PPI';
  END IF;
  BEGIN
    ALTER TABLE accounts ADD COLUMN phone text;
  EXCEPTION WHEN duplicate_column THEN
    RAISE NOTICE 'phone exists';
  END;
  EXECUTE 'ALTER TABLE accounts ADD COLUMN birth_date date';
  EXECUTE format('COMMENT ON COLUMN %I.%I IS %L', 'accounts', 'birth_date', 'Birthday #PPI');
  PERFORM 1;
END
$body$ LANGUAGE plpgsql;
