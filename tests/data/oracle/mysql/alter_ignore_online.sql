-- ALTER IGNORE / ALTER ONLINE: MODIFY without COMMENT drops the comment.
CREATE TABLE members (id int, email varchar(100) COMMENT 'E-mail #PPI', phone varchar(20) COMMENT 'Phone #PPI');
ALTER IGNORE TABLE members MODIFY email varchar(200);
ALTER ONLINE TABLE members MODIFY phone varchar(40);
