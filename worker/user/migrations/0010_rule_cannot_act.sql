ALTER TABLE `automation_rules` ADD `cannot_act_since` integer;--> statement-breakpoint
ALTER TABLE `automation_rules` ADD `cannot_act_notice_at` integer;