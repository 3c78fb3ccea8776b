CREATE FUNCTION f() RETURNS int AS $b$ select 1; $b$ LANGUAGE sql;
CREATE TABLE t (x text DEFAULT E'a\'b');
