-- Keyspace `secure` of the mutual-TLS Vitess instance (testenv/lib/start-vitess.sh tls).
CREATE TABLE secret_note (
  id BIGINT NOT NULL,
  note VARCHAR(255),
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
