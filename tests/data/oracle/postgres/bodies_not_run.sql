-- Functions and triggers whose bodies contain DDL, never called: no change.
CREATE TABLE people (id int, name text);
COMMENT ON COLUMN people.name IS 'Full name #PPI';
CREATE FUNCTION people_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  ALTER TABLE people DROP COLUMN name;
  CREATE TABLE people_archive (id int, ssn text);
END $$;
CREATE FUNCTION people_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'ALTER TABLE people ADD COLUMN touched boolean';
  RETURN NEW;
END $$;
CREATE TRIGGER people_touch BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION people_touch();
