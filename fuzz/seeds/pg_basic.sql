CREATE TABLE users (id int, email text);
COMMENT ON COLUMN users.email IS 'mail #PPI';
