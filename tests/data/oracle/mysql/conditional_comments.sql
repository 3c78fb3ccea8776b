-- Version-conditional comments: MariaDB 10.11 runs /*!NNNNN only below 50700,
-- /*M!NNNNNN up to its own version, never /*!99999.
CREATE TABLE devices (id int, owner varchar(100), serial varchar(40), imei varchar(20));
ALTER TABLE devices MODIFY owner varchar(100) /*!40101 COMMENT 'Owner name #PPI' */;
ALTER TABLE devices MODIFY serial varchar(40) /*!80000 COMMENT 'Serial #PPI' */;
ALTER TABLE devices MODIFY imei varchar(20) /*M!100500 COMMENT 'IMEI #PPI' */;
/*!99999 ALTER TABLE devices ADD COLUMN never int */;
