-- Sharded keyspace `customer` (2 shards, -80 and 80-): rows are placed by a hash of the id.
CREATE TABLE customer (
  customer_id BIGINT NOT NULL,
  email VARCHAR(128),
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (customer_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE corder (
  order_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  sku VARCHAR(64) NOT NULL,
  price DECIMAL(12, 2) NOT NULL,
  PRIMARY KEY (order_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE smoke_event (
  id BIGINT NOT NULL,
  note VARCHAR(255),
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
