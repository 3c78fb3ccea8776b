-- sql_mode NO_BACKSLASH_ESCAPES: a backslash before a quote does not escape it.
SET sql_mode = 'NO_BACKSLASH_ESCAPES';
CREATE TABLE paths (id int, dir varchar(200) COMMENT 'C:\');
CREATE TABLE later (id int, email varchar(100) COMMENT 'E-mail #PPI');
