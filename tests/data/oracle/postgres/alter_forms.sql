-- ALTER TABLE forms that are understood but do not shape columns, and IF EXISTS on a missing table.
CREATE TABLE orders (id int CONSTRAINT orders_id_positive CHECK (id > 0), note text);
ALTER TABLE orders RENAME CONSTRAINT orders_id_positive TO orders_id_check;
ALTER TABLE IF EXISTS not_there ADD COLUMN x int;
ALTER TABLE orders RENAME COLUMN note TO remark;
COMMENT ON COLUMN orders.remark IS 'Free text #PPI';
ALTER TABLE orders ALTER COLUMN remark TYPE varchar(200);
ALTER TABLE orders RENAME TO purchase_orders;
