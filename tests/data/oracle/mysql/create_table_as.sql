-- CREATE TABLE … AS / LIKE on MariaDB: column comments come along.
CREATE TABLE clients (id int, email varchar(100) COMMENT 'E-mail #PPI') COMMENT 'Clients #PPI';
CREATE TABLE clients_copy AS SELECT id, email FROM clients;
CREATE TABLE clients_like LIKE clients;
CREATE TABLE clients_sel SELECT id, email AS mail FROM clients;
