-- Issue 12, case 3: TO is optional.
CREATE TABLE totp_configurations (id int, secret varchar(64) COMMENT 'TOTP seed #PPI');
ALTER TABLE totp_configurations RENAME _bkp_totp_configurations;
CREATE TABLE totp_configurations (id int, secret varchar(64));
