-- MariaDB IF [NOT] EXISTS on columns, column-level CHARSET.
CREATE TABLE profiles (id int, name varchar(50));
ALTER TABLE profiles ADD COLUMN IF NOT EXISTS email varchar(100) CHARSET utf8mb4 COMMENT 'E-mail #PPI';
ALTER TABLE profiles ADD COLUMN IF NOT EXISTS email varchar(100);
ALTER TABLE profiles MODIFY COLUMN IF EXISTS name varchar(80) COMMENT 'Name #PPI';
ALTER TABLE profiles MODIFY COLUMN IF EXISTS missing int;
ALTER TABLE profiles DROP COLUMN IF EXISTS missing;
ALTER TABLE profiles CHANGE COLUMN IF EXISTS name full_name varchar(80) COMMENT 'Full name #PPI';
