-- Tables whose columns come from a query: CREATE TABLE AS, SELECT INTO,
-- materialized views over UNION / WITH / subqueries (columns of the first branch).
CREATE TABLE customers (id int, email text, city text);
COMMENT ON COLUMN customers.email IS 'E-mail #PPI';
CREATE TABLE suppliers (sid int, contact text, town text);
CREATE TABLE customer_copy AS SELECT id, email AS mail FROM customers;
SELECT id, city INTO customer_cities FROM customers;
CREATE MATERIALIZED VIEW all_contacts AS
  SELECT id AS party, email AS reach FROM customers
  UNION ALL SELECT sid, contact FROM suppliers;
CREATE MATERIALIZED VIEW recent AS
  WITH c AS (SELECT id, city FROM customers) SELECT c.id, c.city AS place FROM c;
CREATE MATERIALIZED VIEW nested AS SELECT s.x, s.y FROM (SELECT id AS x, email AS y FROM customers) s;
