/*M!999999\- enable the sandbox mode */
# c
LOCK TABLES `u` WRITE;
/*!40000 ALTER TABLE `u` DISABLE KEYS */;
INSERT INTO u VALUES ('\'');
