CREATE TABLE `monitoring_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`address` text,
	`last_figures` text,
	`open_alert` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `price_samples` (
	`feed` text NOT NULL,
	`hour` integer NOT NULL,
	`time` integer NOT NULL,
	`price` real NOT NULL,
	PRIMARY KEY(`feed`, `hour`)
);
--> statement-breakpoint
CREATE TABLE `user_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`alert_threshold` real NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `used_socket_tickets` (
	`ticket_id` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
