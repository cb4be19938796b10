ALTER TABLE `automation_rules` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `automation_rules` ADD `last_error_at` integer;--> statement-breakpoint
ALTER TABLE `automation_rules` ADD `last_evaluated_at` integer;--> statement-breakpoint
ALTER TABLE `transactions` ADD `preview` text;