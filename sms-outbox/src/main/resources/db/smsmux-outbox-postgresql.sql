-- smsmux outbox tables (postgresql), as the outbox creates them when missing. Rendered from OutboxSchema; do not edit.
create table if not exists smsmux_outbox (
  ticket varchar(64) primary key,
  fingerprint varchar(64) not null,
  message varchar not null,
  recipients varchar not null,
  state varchar(16) not null,
  ids varchar,
  attempts int not null,
  checks int not null,
  delivery varchar(16),
  last_error varchar,
  created_at timestamp with time zone not null,
  updated_at timestamp with time zone not null,
  in_flight_at timestamp with time zone,
  sent_at timestamp with time zone,
  next_at timestamp with time zone,
  owner varchar(64)
);
create index if not exists smsmux_outbox_state_idx on smsmux_outbox (state, created_at);
create table if not exists smsmux_outbox_ids (
  message_id varchar(200) primary key,
  ticket varchar(64) not null
);
create table if not exists smsmux_outbox_tasks (
  task_name varchar(100) not null,
  task_instance varchar(100) not null,
  task_data bytea,
  execution_time timestamp with time zone not null,
  picked boolean not null,
  picked_by varchar(50),
  last_success timestamp with time zone,
  last_failure timestamp with time zone,
  consecutive_failures int,
  last_heartbeat timestamp with time zone,
  version bigint not null,
  priority smallint,
  primary key (task_name, task_instance)
);
create index if not exists smsmux_outbox_tasks_time_idx on smsmux_outbox_tasks (execution_time);
create index if not exists smsmux_outbox_tasks_heartbeat_idx on smsmux_outbox_tasks (last_heartbeat);
