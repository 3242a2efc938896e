-- Unsharded keyspace `commerce`: sample tables for the quickstart and the integration tests.
CREATE TABLE product (
  sku VARCHAR(64) NOT NULL,
  description VARCHAR(255),
  price DECIMAL(12, 2) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (sku)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE smoke_event (
  id BIGINT NOT NULL,
  note VARCHAR(255),
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
