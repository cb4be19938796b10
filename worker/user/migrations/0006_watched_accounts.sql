CREATE TABLE `watch_target` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`address` text NOT NULL,
	`alert_threshold` real NOT NULL,
	`forwarded_seq` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `watched_accounts` (
	`address` text PRIMARY KEY NOT NULL,
	`label` text,
	`alert_threshold` real NOT NULL,
	`added_at` integer NOT NULL,
	`last_alert_seq` integer DEFAULT 0 NOT NULL
);
