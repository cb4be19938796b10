CREATE TABLE `chain_reads` (
	`chain_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`since` integer NOT NULL,
	`attempted_at` integer NOT NULL,
	`retry_at` integer,
	`reason` text,
	`ok_at` integer,
	`aave` text,
	`eigen_layer` text
);
--> statement-breakpoint
CREATE TABLE `watch_heartbeat` (
	`id` integer PRIMARY KEY NOT NULL,
	`last_check_at` integer NOT NULL,
	`checks` integer NOT NULL
);
