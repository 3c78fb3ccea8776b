-- ${...} inside string literals of a plain file with no placeholders configured: text, not a placeholder.
CREATE TABLE hosts (
  id int,
  phone varchar(20) COMMENT 'Phone #${PPI}',
  target varchar(100) COMMENT 'like ${host}:${port}'
);
