-- DDL inside a procedure that the migration CALLs, and PREPARE from a literal @sql.
CREATE TABLE users (id int);
DELIMITER //
CREATE PROCEDURE add_phone()
BEGIN
  IF NOT EXISTS (SELECT * FROM information_schema.columns
                 WHERE table_schema = DATABASE() AND table_name = 'users' AND column_name = 'phone') THEN
    ALTER TABLE users ADD COLUMN phone varchar(20) COMMENT 'Phone #PPI';
  END IF;
END //
DELIMITER ;
CALL add_phone();
DROP PROCEDURE add_phone;
SET @sql = 'ALTER TABLE users ADD COLUMN email varchar(100) COMMENT ''E-mail #PPI''';
PREPARE stmt FROM @sql;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
