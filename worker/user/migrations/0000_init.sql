CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `portfolio_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`portfolio_id` text NOT NULL,
	`taken_at` integer NOT NULL,
	`block_number` text,
	`total_collateral_usd` real NOT NULL,
	`total_debt_usd` real NOT NULL,
	`net_value_usd` real NOT NULL,
	`health_factor` real,
	`risk_probability` real,
	FOREIGN KEY (`portfolio_id`) REFERENCES `portfolios`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `portfolio_snapshots_taken_at` ON `portfolio_snapshots` (`portfolio_id`,`taken_at`);--> statement-breakpoint
CREATE TABLE `portfolios` (
	`id` text PRIMARY KEY NOT NULL,
	`chain_id` integer NOT NULL,
	`address` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `portfolios_chain_address` ON `portfolios` (`chain_id`,`address`);--> statement-breakpoint
CREATE TABLE `positions` (
	`id` text PRIMARY KEY NOT NULL,
	`portfolio_id` text NOT NULL,
	`protocol` text NOT NULL,
	`kind` text NOT NULL,
	`asset` text NOT NULL,
	`asset_address` text NOT NULL,
	`amount` text NOT NULL,
	`amount_usd` real NOT NULL,
	`apy` real,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`portfolio_id`) REFERENCES `portfolios`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `positions_portfolio` ON `positions` (`portfolio_id`);--> statement-breakpoint
CREATE TABLE `automation_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`enabled` integer NOT NULL,
	`trigger` text NOT NULL,
	`action` text NOT NULL,
	`guards` text NOT NULL,
	`execution_count` integer DEFAULT 0 NOT NULL,
	`last_executed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `automation_rules_enabled` ON `automation_rules` (`enabled`);--> statement-breakpoint
CREATE TABLE `scheduled_tasks` (
	`name` text PRIMARY KEY NOT NULL,
	`last_run_at` integer,
	`last_error` text,
	`run_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text,
	`status` text NOT NULL,
	`chain_id` integer NOT NULL,
	`title` text NOT NULL,
	`steps` text NOT NULL,
	`tx_hashes` text NOT NULL,
	`error` text,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`rule_id`) REFERENCES `automation_rules`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_idempotency_key_unique` ON `transactions` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `transactions_status` ON `transactions` (`status`);--> statement-breakpoint
CREATE INDEX `transactions_rule_id` ON `transactions` (`rule_id`);